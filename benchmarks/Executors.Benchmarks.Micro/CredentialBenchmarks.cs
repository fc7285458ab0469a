using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Executors.Api.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// <see cref="CredentialVerifier.VerifyAsync"/> on a cache hit: what every request after the first pays for HTTP Basic
/// (decoding the header, an HMAC of the password, a MemoryCache lookup, a counter).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroConfig))]
[BenchmarkCategory("Credentials")]
public class CredentialBenchmarks
{
    private CredentialSetup _setup = null!;

    [GlobalSetup]
    public void Setup() => _setup = CredentialSetup.Create(cacheSize: 10_000);

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark]
    public async ValueTask<string?> VerifyCacheHit() => (await _setup.Verifier.VerifyAsync(_setup.Header, IPAddress.Loopback, CancellationToken.None)).User?.UserName;
}

/// <summary>
/// The reference point the cache avoids: one PBKDF2 check of a hash as hash-password makes it, at 600,000 iterations (cache off).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SlowOperationConfig))]
[BenchmarkCategory("ColdPbkdf2")]
public class ColdCredentialBenchmarks
{
    private CredentialSetup _setup = null!;

    [GlobalSetup]
    public void Setup() => _setup = CredentialSetup.Create(cacheSize: 0);

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark]
    public async ValueTask<string?> VerifyPbkdf2At600k() => (await _setup.Verifier.VerifyAsync(_setup.Header, IPAddress.Loopback, CancellationToken.None)).User?.UserName;
}

/// <summary>A verifier configured as the API configures it (real options type, real meter factory), and a valid header.</summary>
internal sealed class CredentialSetup : IDisposable
{
    private const string UserName = "reader";
    private const string Password = "correct horse battery staple";

    private readonly ServiceProvider _services;

    private CredentialSetup(ServiceProvider services, CredentialVerifier verifier, string header)
    {
        _services = services;
        Verifier = verifier;
        Header = header;
    }

    public CredentialVerifier Verifier { get; }

    public string Header { get; }

    public static CredentialSetup Create(int cacheSize)
    {
        var collection = new ServiceCollection()
            .AddMetrics()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ConfiguredUsers>()
            .AddSingleton<FailedAuthenticationThrottle>()
            .AddSingleton<TrustedClients>()
            .AddSingleton<PasswordCheckGate>()
            .AddSingleton<CredentialVerifier>();
        collection.AddOptions<BasicAuthenticationOptions>().Configure(options =>
        {
            options.Users.Add(new ConfiguredUser
            {
                UserName = UserName,
                PasswordHash = PasswordHash.Create(Password, PasswordHash.DefaultIterations),
                Roles = [ExecutorRoles.Reader],
                Accounts = ["*"],
            });
            options.CredentialCacheSize = cacheSize;
        });

        var services = collection.BuildServiceProvider();
        var verifier = services.GetRequiredService<CredentialVerifier>();
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}"));

        // The first check hashes (and, with the cache on, remembers the credentials); the benchmark then measures the rest.
        if (verifier.VerifyAsync(header, IPAddress.Loopback, CancellationToken.None).AsTask().GetAwaiter().GetResult().User?.UserName != UserName)
        {
            throw new InvalidOperationException("The benchmark's credentials do not verify.");
        }

        return new CredentialSetup(services, verifier, header);
    }

    public void Dispose()
    {
        _services.Dispose(); // disposes the verifier too
    }
}
