using System.Net;
using System.Text;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Security;

/// <summary>Every answer carries the security headers, whoever wrote it; the docs pages get no script policy.</summary>
public sealed class SecurityHeadersTests(PostgresServer postgres) : DatabaseTest(postgres)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string ActiveId = "HeadersActive01";
    private const string FinalId = "HeadersFinal01";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var active = Executor.Create(ActiveId, ExecutorTypes.Position, "master_account", "binance", "BTC-USDT");
        active.Start();
        await StoreAsync(active, TestExecutors.FullyPopulated(FinalId));
    }

    public static TheoryData<string, string, bool, HttpStatusCode> Answers => new()
    {
        { "GET", "/executors/" + ActiveId, true, HttpStatusCode.OK },
        { "GET", "/executors/" + ActiveId, false, HttpStatusCode.Unauthorized },
        { "GET", "/executors/NoSuchExecutor", true, HttpStatusCode.NotFound },
        { "GET", "/executors/bad%20id", true, HttpStatusCode.BadRequest },
        { "PUT", "/executors/" + ActiveId, true, HttpStatusCode.Forbidden },
        { "GET", "/no/such/route", true, HttpStatusCode.NotFound },
        { "POST", "/executors/search", true, HttpStatusCode.BadRequest },
        { "GET", "/health/live", false, HttpStatusCode.OK },
        { "GET", "/health/ready", false, HttpStatusCode.OK },
        { "GET", "/swagger/v1/swagger.json", false, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task AnyAnswer_CarriesTheSecurityHeadersAndAnApiContentSecurityPolicy(string method, string path, bool asReader, HttpStatusCode expected)
    {
        // Arrange
        using var client = asReader ? Api.CreateReaderClient() : Api.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent("{ not json", Encoding.UTF8, "application/json");
        }

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal(ApiPolicy, Single(response, "Content-Security-Policy"));
        if (path != "/executors/" + ActiveId || !asReader)
        {
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/redoc/index.html")]
    public async Task DocsPage_CarriesTheHeadersButNoScriptPolicy(string path)
    {
        // Act
        using var response = await Api.CreateClient().GetAsync(path, TestContext.Current.CancellationToken);

        // Assert: Swagger UI and ReDoc run inline scripts and styles, so 'default-src none' would break them.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData(ActiveId, "private, no-cache")]
    [InlineData(FinalId, "private, max-age=86400, immutable")]
    public async Task GetExecutor_KeepsItsOwnCacheControl(string id, string cacheControl)
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/{id}", TestContext.Current.CancellationToken);

        // Assert: the endpoint's private policy is not replaced by the default no-store.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // (HttpClient re-orders the directives it parses, so compare them as sets.)
        Assert.Equal(Directives(cacheControl), Directives(response.Headers.CacheControl?.ToString() ?? string.Empty));
        AssertCommonHeaders(response);
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.NotNull(response.Headers.CacheControl);
        Assert.False(response.Headers.Contains("Server"));
    }

    private static string[] Directives(string cacheControl) =>
        [.. cacheControl.Split(',').Select(directive => directive.Trim()).Order(StringComparer.Ordinal)];

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.TryGetValues(name, out var content) ? content : []);
}
