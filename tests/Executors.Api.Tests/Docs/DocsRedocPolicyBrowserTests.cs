using Executors.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Executors.Api.Tests.Docs;

/// <summary>
/// /redoc in headless Chromium under its Content-Security-Policy. ReDoc's script comes from a public CDN, which this
/// machine cannot reach, so the browser is handed a stand-in at exactly that URL (Playwright answers the request after
/// the policy has let it go out). The stand-in does what ReDoc's bundle does with the page: it is called by the page's
/// inline script, fetches the document, injects a style element and starts a worker from a blob: URL — each of which
/// the policy must allow, and nothing it does may be reported as a violation.
/// </summary>
public sealed class DocsRedocPolicyBrowserTests(PostgresServer postgres) : IAsyncDisposable
{
    private const string ReDocScript = "https://cdn.jsdelivr.net/npm/redoc/bundles/redoc.standalone.js";

    private const string StandIn = """
        window.Redoc = {
          init: function (url, options, container) {
            var style = document.createElement('style');
            style.textContent = '#redoc-container { color: rgb(1, 2, 3); }';
            document.head.appendChild(style);
            var worker = new Worker(URL.createObjectURL(new Blob(['postMessage("worker ran")'], { type: 'text/javascript' })));
            worker.onmessage = function (message) { container.setAttribute('data-worker', message.data); };
            fetch(url).then(function (response) { return response.json(); })
              .then(function (document) { container.setAttribute('data-title', document.info.title); });
          }
        };
        """;

    private readonly TestCertificate _certificate = new();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task Redoc_UnderItsPolicy_LoadsTheCdnScriptDocumentStylesAndWorker()
    {
        // Arrange (Playwright's calls take no token; every one of them is bounded by HeadlessChromium.ActionTimeout)
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(api.HttpAddress);
        var problems = await PolicyProblems.WatchAsync(page);
        var cdnRequests = 0;
        await page.RouteAsync(ReDocScript, route =>
        {
            Interlocked.Increment(ref cdnRequests);
            return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/javascript", Body = StandIn });
        });

        // Act
        var response = await page.GotoAsync("/redoc");
        var container = page.Locator("#redoc-container");

        // Assert: the policy was on, the CDN script was fetched and called, and what it did was allowed.
        Assert.Equal(200, response?.Status);
        Assert.StartsWith("default-src 'none'; script-src " + ReDocScript + " 'sha256-", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Assertions.Expect(container).ToHaveAttributeAsync("data-title", "Executors API");
        await Assertions.Expect(container).ToHaveAttributeAsync("data-worker", "worker ran");
        await Assertions.Expect(container).ToHaveCSSAsync("color", "rgb(1, 2, 3)");
        Assert.Equal(1, cdnRequests);
        await problems.AssertNoneAsync();
    }
}
