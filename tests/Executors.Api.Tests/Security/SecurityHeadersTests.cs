using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Executors.Api.Tests.Security;

/// <summary>
/// Every answer carries the security headers, whoever wrote it; the docs pages get a policy that lets their own scripts
/// run and nothing else.
/// </summary>
public sealed class SecurityHeadersTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Swagger UI: its own files, its one inline script, inline styles and data: images, calls to the API.</summary>
    private const string SwaggerUiPolicy =
        "default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>ReDoc: its bundle from this origin, its inline script, styles it injects, its search worker.</summary>
    private const string ReDocPolicy =
        "default-src 'none'; script-src 'self' {hashes}; " +
        "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; worker-src blob:; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'; object-src 'none'";
    private const string ActiveId = "HeadersActive01";
    private const string FinalId = "HeadersFinal01";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var active = new ExecutorBuilder(ActiveId).OnConnector("binance").WithStatus(ExecutorStatus.Running).Build();
        await StoreAsync(active, ExecutorBuilder.FullyPopulated(FinalId).Build());
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
    [InlineData("/docs", SwaggerUiPolicy)]
    [InlineData("/docs/index.html", SwaggerUiPolicy)]
    [InlineData("/docs/swagger-ui-bundle.js", SwaggerUiPolicy)]
    [InlineData("/redoc", ReDocPolicy)]
    [InlineData("/redoc/index.html", ReDocPolicy)]
    public async Task DocsPage_CarriesTheHeadersAndAPolicyForItsOwnScriptsOnly(string path, string policy)
    {
        // Arrange: the page's inline scripts are allowed by their SHA-256, whatever the policy's text says.
        using var client = Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var index = await client.GetAsync(path.StartsWith("/docs", StringComparison.Ordinal) ? "/docs/index.html" : "/redoc/index.html", TestContext.Current.CancellationToken);
        var hashes = InlineScriptHashes(await index.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found, response.StatusCode.ToString());
        AssertCommonHeaders(response);
        Assert.Single(hashes);
        Assert.Equal(policy.Replace("{hashes}", string.Join(' ', hashes), StringComparison.Ordinal), Single(response, "Content-Security-Policy"));
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

    /// <summary>'sha256-…' of the text of every inline script (a script element without src) of the page.</summary>
    private static string[] InlineScriptHashes(string html) =>
    [
        .. Regex.Matches(html, @"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)
            .Select(script => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value)))}'"),
    ];

    private static string[] Directives(string cacheControl) =>
        [.. cacheControl.Split(',').Select(directive => directive.Trim()).Order(StringComparer.Ordinal)];

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.TryGetValues(name, out var content) ? content : []);
}
