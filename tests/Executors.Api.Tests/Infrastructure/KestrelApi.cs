using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel, listening on loopback ports chosen by the OS, HTTP and HTTPS, with the test's
/// certificate given the way production gives it: through Kestrel's configuration (PEM certificate and key files).
/// </summary>
internal sealed class KestrelApi : IAsyncDisposable
{
    private readonly ApiFactory _factory;

    public KestrelApi(
        string connectionString,
        TestCertificate certificate,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool withUsers = true)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = certificate.CertificatePath,
            ["Kestrel:Certificates:Default:KeyPath"] = certificate.KeyPath,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _factory = new ApiFactory(connectionString, all, services: services, withUsers: withUsers);
        _factory.UseKestrel();
        _factory.StartServer();

        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        HttpsAddress = new Uri(addresses.Single(address => address.StartsWith("https://", StringComparison.Ordinal)));
        HttpAddress = new Uri(addresses.Single(address => address.StartsWith("http://", StringComparison.Ordinal)));
    }

    public Uri HttpsAddress { get; }

    public Uri HttpAddress { get; }

    public IServiceProvider Services => _factory.Services;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
