using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>
/// Outside Development, refuses to start when an HTTPS address is configured (<c>ASPNETCORE_URLS</c>/<c>urls</c>, or a
/// <c>Kestrel:Endpoints:NAME:Url</c>) and no certificate is (<c>Kestrel:Certificates:Default</c>, or the endpoint's own
/// <c>Certificate</c>). Checked with the other settings, before Kestrel starts: Kestrel would otherwise look for a
/// developer certificate, which a server should never use, and fail with advice to run <c>dotnet dev-certs</c>.
/// </summary>
internal sealed class HttpsCertificateCheck(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<HttpsOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpsOptions options)
    {
        if (environment.IsDevelopment() || HasDefaultCertificate())
        {
            return ValidateOptionsResult.Success;
        }

        // Kestrel's endpoints, when configured, replace the urls setting.
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        var missing = endpoints.Count > 0
            ? endpoints.Any(endpoint => IsHttps(endpoint["Url"]) && !endpoint.GetSection("Certificate").GetChildren().Any())
            : (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(IsHttps);
        return missing ? ValidateOptionsResult.Fail(StartupFailure.NoCertificate) : ValidateOptionsResult.Success;
    }

    private bool HasDefaultCertificate()
    {
        var certificate = configuration.GetSection("Kestrel:Certificates:Default");
        return !string.IsNullOrWhiteSpace(certificate["Path"]) || !string.IsNullOrWhiteSpace(certificate["Subject"]);
    }

    private static bool IsHttps(string? url) => url?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
