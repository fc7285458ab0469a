using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Hosting;

/// <summary>REST clients over HTTPS: the real app on real Kestrel, a certificate made here, the client pinning it.</summary>
public sealed class HttpsTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Id = "TlsExecutor01";
    private readonly TestCertificate _certificate = new();

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Get_OverTlsWithPinnedCertificate_Returns200()
    {
        // Arrange
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        await StoreAsync(api.Services);
        using var client = new HttpClient(_certificate.PinnedHandler()) { BaseAddress = api.HttpsAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword));

        // Act
        using var response = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Id, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Get_ClientThatDoesNotTrustTheCertificate_FailsTheHandshake()
    {
        // Arrange: default validation, and the certificate is self-signed: the connection must not be made.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        using var client = new HttpClient { BaseAddress = api.HttpsAddress };

        // Act
        var failure = await Record.ExceptionAsync(() => client.GetAsync("/health/live", TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<HttpRequestException>(failure);
        Assert.IsType<AuthenticationException>(failure.InnerException);
    }

    [Fact]
    public async Task Get_PlainHttpInProductionSettings_RedirectsToHttps()
    {
        // Arrange
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Https:RedirectHttpToHttps"] = "true",
            ["Https:Hsts"] = "true",
        });
        using var client = new HttpClient(_certificate.PinnedHandler()) { BaseAddress = api.HttpAddress };

        // Act
        using var redirect = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        using var hstsRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(api.HttpsAddress, "/health/live"));
        hstsRequest.Headers.Host = "executors.example"; // HSTS is never sent to localhost/127.0.0.1 (ASP.NET Core's default)
        using var secure = await client.SendAsync(hstsRequest, TestContext.Current.CancellationToken);

        // Assert: permanent redirect to the HTTPS endpoint, and HSTS on the HTTPS answer.
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, redirect.Headers.Location?.Scheme);
        Assert.Equal(api.HttpsAddress.Port, redirect.Headers.Location?.Port);
        Assert.Contains("max-age=31536000", string.Join(",", secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PlainHttpBehindConfiguredProxy_TrustsForwardedProto()
    {
        // Arrange: TLS ends at a proxy on 127.0.0.1, which says so in X-Forwarded-Proto.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Https:RedirectHttpToHttps"] = "true",
            ["Https:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = new HttpClient(_certificate.PinnedHandler()) { BaseAddress = api.HttpAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/v1/swagger.json"); // /health/* is never redirected
        request.Headers.Add("X-Forwarded-Proto", "https");

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert: no redirect, the request counts as HTTPS.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_ForwardedProtoFromUnknownProxy_IsIgnored()
    {
        // Arrange: no proxy configured, so a client cannot talk its way past the redirect.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Https:RedirectHttpToHttps"] = "true",
        });
        using var client = new HttpClient(_certificate.PinnedHandler()) { BaseAddress = api.HttpAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/v1/swagger.json"); // /health/* is never redirected
        request.Headers.Add("X-Forwarded-Proto", "https");

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/HEALTH/live")]
    public async Task Get_HealthCheckOverPlainHttpInProductionSettings_AnswersWithoutRedirect(string path)
    {
        // Arrange: redirection and HSTS on, as in Production; a probe (a load balancer's, the container's HEALTHCHECK)
        // asks over plain HTTP and counts a redirect as a failure.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Https:RedirectHttpToHttps"] = "true",
            ["Https:Hsts"] = "true",
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = api.HttpAddress };

        // Act
        using var health = await client.GetAsync(path, TestContext.Current.CancellationToken);
        using var other = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        // Assert: the health check answers over HTTP; a path that merely starts with the same letters is still redirected.
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(health.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, other.StatusCode);
    }

    private static async Task StoreAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IExecutorRepository>()
            .AddAsync(new ExecutorBuilder(Id).ForAccount("acct").OnConnector("binance").Build(), TestContext.Current.CancellationToken);
    }
}
