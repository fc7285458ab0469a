using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Executors.Api.OpenApi;
using Executors.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Executors.Api.Tests.Docs;

/// <summary>
/// What the docs pages and the OpenAPI document take from the request: the path base that ASP.NET's forwarded-headers
/// middleware sets from a configured proxy's <c>X-Forwarded-Prefix</c>, escaped for where it goes, and nothing else.
/// From anyone else <c>X-Forwarded-Prefix</c>, <c>X-Forwarded-Host</c> and the <c>Host</c> header change no byte.
/// Per-address trust needs the client's real address, so those cases run on real Kestrel.
/// </summary>
public sealed class DocsForwardedHeadersTests(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Closes the page's inline script and opens another one.</summary>
    private const string ScriptBreakingPrefix = "\"</script><script>alert(1)</script>";

    /// <summary>Ends a double-quoted JavaScript string (NSwag writes the prefix into one) or an HTML attribute.</summary>
    private const string QuoteBreakingPrefix = "/x\"+alert(1)+\"";

    private const string HostileHost = "evil.example";

    /// <summary>A documentation address (TEST-NET-1): configured as the only proxy, never contacted.</summary>
    private const string SomeOtherProxy = "192.0.2.10";

    private readonly TestCertificate _certificate = new();

    public static TheoryData<string, string> UntrustedRequests => new()
    {
        { "/docs", ScriptBreakingPrefix },
        { "/docs", QuoteBreakingPrefix },
        { "/docs/", ScriptBreakingPrefix },
        { "/docs/index.html", ScriptBreakingPrefix },
        { "/docs/index.html", QuoteBreakingPrefix },
        { "/redoc", ScriptBreakingPrefix },
        { "/redoc/index.html", ScriptBreakingPrefix },
        { "/redoc/index.html", QuoteBreakingPrefix },
        { "/swagger/v1/swagger.json", ScriptBreakingPrefix },
        { "/swagger/v1/swagger.json", QuoteBreakingPrefix },
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(UntrustedRequests))]
    public async Task NoProxyConfigured_ForwardedHeadersAndHost_ChangeNothing(string path, string prefix)
    {
        // Arrange: the in-process server, Https:KnownProxies empty (the default).
        await using var api = new ApiFactory(postgres.ConnectionString);
        using var client = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Act
        var plain = await SendAsync(client, path);
        var hostile = await SendAsync(client, path, prefix, hostHeader: HostileHost);

        // Assert
        AssertSameAnswer(plain, hostile, prefix);
    }

    [Theory]
    [MemberData(nameof(UntrustedRequests))]
    public async Task RequestFromAnAddressThatIsNoConfiguredProxy_ForwardedHeadersAndHost_ChangeNothing(string path, string prefix)
    {
        // Arrange: a proxy is configured, but the request comes from 127.0.0.1, which is not it.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Https:KnownProxies:0"] = SomeOtherProxy,
        });
        using var client = PlainHttpClient(api);

        // Act
        var plain = await SendAsync(client, path);
        var hostile = await SendAsync(client, path, prefix, hostHeader: HostileHost);

        // Assert
        AssertSameAnswer(plain, hostile, prefix);
    }

    [Theory]
    [InlineData("/docs", "/docs/index.html")]
    [InlineData("/docs/", "/docs/index.html")]
    [InlineData("/redoc", "/redoc/index.html")]
    public async Task ConfiguredProxy_Prefix_RedirectsUnderItUrlEscaped(string path, string index)
    {
        // Arrange
        await using var api = TrustingApi();
        using var client = PlainHttpClient(api);

        // Act
        var answer = await SendAsync(client, path, "/gw/\"></script><script>alert(1)</script>");

        // Assert: the prefix is honoured, with every character that means something in HTML or JS %-escaped.
        Assert.Equal(HttpStatusCode.Found, answer.Status);
        Assert.Equal("/gw/%22%3E%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E" + index, answer.Location);
    }

    [Theory]
    [InlineData("/docs", "//evil.example/", "/evil.example")]
    [InlineData("/redoc", "//evil.example/", "/evil.example")]
    [InlineData("/docs", "/\\evil.example", "/%5Cevil.example")]
    [InlineData("/docs", "/", "")]
    public async Task ConfiguredProxy_OddPrefix_RedirectsWithinTheSite(string path, string prefix, string expectedBase)
    {
        // Arrange
        await using var api = TrustingApi();
        using var client = PlainHttpClient(api);

        // Act: a Location of "//evil.example/…" (or "/\evil.example/…", which browsers read alike) leaves the site.
        var answer = await SendAsync(client, path, prefix);

        // Assert
        Assert.Equal(HttpStatusCode.Found, answer.Status);
        Assert.Equal(expectedBase + path + "/index.html", answer.Location);
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/redoc/index.html")]
    public async Task ConfiguredProxy_ScriptBreakingPrefix_IsEscapedInThePage(string path)
    {
        // Arrange
        await using var api = TrustingApi();
        using var client = PlainHttpClient(api);

        // Act
        var plain = await SendAsync(client, path);
        var prefixed = await SendAsync(client, path, "/gw/\"></script><script>alert(1)</script>");

        // Assert: the document's URL carries the prefix, and the page has no element more than without it.
        Assert.Equal(HttpStatusCode.OK, prefixed.Status);
        Assert.Contains(
            "data-document-url=\"/gw/%22%3E%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E/swagger/v1/swagger.json\"",
            prefixed.Body,
            StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", prefixed.Body, StringComparison.Ordinal);
        Assert.Equal(Tags(plain.Body), Tags(prefixed.Body));
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/redoc/index.html")]
    public async Task ConfiguredProxy_QuoteBreakingPrefix_IsEscapedInThePage(string path)
    {
        // Arrange
        await using var api = TrustingApi();
        using var client = PlainHttpClient(api);

        // Act: ' and + are legal in a URL path, so they stay in the URL and are entity-encoded in the attribute.
        var plain = await SendAsync(client, path);
        var prefixed = await SendAsync(client, path, "/gw/'\"+alert(1)+\" x='");

        // Assert
        Assert.Equal(HttpStatusCode.OK, prefixed.Status);
        Assert.Contains(
            "data-document-url=\"/gw/&#x27;%22&#x2B;alert(1)&#x2B;%22%20x=&#x27;/swagger/v1/swagger.json\"",
            prefixed.Body,
            StringComparison.Ordinal);
        Assert.Equal(Tags(plain.Body), Tags(prefixed.Body));
    }

    [Fact]
    public async Task ConfiguredProxy_Prefix_IsTheDocumentsOnlyServerAndHostIsNot()
    {
        // Arrange
        await using var api = TrustingApi();
        using var client = PlainHttpClient(api);

        // Act
        var plain = await SendAsync(client, "/swagger/v1/swagger.json", hostHeader: HostileHost);
        var prefixed = await SendAsync(client, "/swagger/v1/swagger.json", "/gw/\"></script>", hostHeader: HostileHost);

        // Assert: a client resolves the relative server URL against the address it fetched the document from.
        Assert.DoesNotContain(HostileHost, plain.Body, StringComparison.Ordinal);
        Assert.False(JsonNode.Parse(plain.Body)!.AsObject().ContainsKey("servers"));
        var document = JsonNode.Parse(prefixed.Body)!.AsObject();
        var server = Assert.Single(document["servers"]!.AsArray());
        Assert.Equal("/gw/%22%3E%3C/script%3E", server!["url"]!.GetValue<string>());
        Assert.DoesNotContain(HostileHost, prefixed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("</script>", prefixed.Body, StringComparison.Ordinal);
        document.Remove("servers");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RepositoryFiles.Read(OpenApiCommand.DocumentPath)), document));
    }

    [Fact]
    public async Task ConfiguredProxy_RequestWithoutPrefix_ServesTheCommittedDocument()
    {
        // Arrange
        await using var api = TrustingApi();
        using var client = PlainHttpClient(api);

        // Act
        var answer = await SendAsync(client, "/swagger/v1/swagger.json", hostHeader: HostileHost);

        // Assert: byte for byte what `openapi` wrote, with no "servers".
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(RepositoryFiles.Read(OpenApiCommand.DocumentPath).ReplaceLineEndings("\n"), answer.Body);
    }

    private KestrelApi TrustingApi() => new(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
    {
        ["Https:KnownProxies:0"] = "127.0.0.1",
    });

    private static HttpClient PlainHttpClient(KestrelApi api) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = api.HttpAddress };

    private static async Task<Answer> SendAsync(HttpClient client, string path, string? prefix = null, string? hostHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (prefix is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", prefix));
            Assert.True(request.Headers.TryAddWithoutValidation("X-Forwarded-Host", HostileHost + "/" + prefix));
            Assert.True(request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https"));
        }

        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return new Answer(
            response.StatusCode,
            response.Headers.Location?.OriginalString,
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void AssertSameAnswer(Answer plain, Answer hostile, string prefix)
    {
        Assert.True(plain.Status is HttpStatusCode.OK or HttpStatusCode.Found, plain.Status.ToString());
        Assert.Equal(plain.Status, hostile.Status);
        Assert.Equal(plain.Location, hostile.Location);
        Assert.Equal(plain.Body, hostile.Body);
        foreach (var reflected in new[] { "alert", HostileHost, prefix, JsonEncodedText.Encode(prefix).ToString() })
        {
            Assert.DoesNotContain(reflected, hostile.Location ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(reflected, hostile.Body, StringComparison.Ordinal);
        }
    }

    /// <summary>The page's element structure: every opening and closing tag's name, in order.</summary>
    private static string[] Tags(string html) =>
        [.. Regex.Matches(html, @"</?([a-zA-Z][a-zA-Z0-9-]*)").Select(match => match.Value)];

    private sealed record Answer(HttpStatusCode Status, string? Location, string Body);
}
