using System.Net;
using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>
/// Refuses to start on a proxy or network that cannot be parsed, naming the key: the forwarded-headers middleware would
/// otherwise fail on it with a bare FormatException, or not at all until the first request it sees.
/// </summary>
internal sealed class HttpsOptionsValidator : IValidateOptions<HttpsOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{HttpsOptions.SectionName}:KnownProxies:{i} ('{options.KnownProxies[i]}') is not an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"{HttpsOptions.SectionName}:KnownNetworks:{i} ('{options.KnownNetworks[i]}') is not a network in CIDR notation (10.0.0.0/8).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
