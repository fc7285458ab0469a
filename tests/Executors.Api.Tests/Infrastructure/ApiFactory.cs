using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// The real API in process, on the given database, in the "Testing" environment with the test users. Settings go in
/// through <c>UseSetting</c>, which Program.cs sees before it reads configuration.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;

    public ApiFactory(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Testing",
        Action<IServiceCollection>? services = null,
        bool withUsers = true)
    {
        _connectionString = connectionString;
        _environment = environment;
        _services = services;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            // Test hosts log synchronously (production's default console sink is asynchronous, covered by LogFormatTests):
            // a host that fails to start and is torn down at once has no background writer still flushing into it.
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact",
            // The in-process test server speaks plain HTTP; the TLS tests turn these back on with a real Kestrel.
            ["Https:RedirectHttpToHttps"] = "false",
            ["Https:Hsts"] = "false",
        };
        if (withUsers)
        {
            foreach (var (key, value) in TestUsers.Settings)
            {
                _settings[key] = value;
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>A client that sends the reader's credentials.</summary>
    public HttpClient CreateReaderClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(
            TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("ConnectionStrings:Executors", _connectionString);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
