using System.Text.RegularExpressions;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Executors.Api.Tests.Docs;

/// <summary>
/// /redoc in headless Chromium under its Content-Security-Policy. ReDoc's script comes from a public CDN, which this
/// machine cannot reach, so Playwright answers the request for it (after the policy has let it go out) with a stand-in
/// that does what ReDoc's bundle does with the page: it is called by the page's inline script, fetches the document,
/// injects a style element and starts a worker from a blob: URL. The page pins the real bundle by its integrity hash,
/// so the stand-in runs only once that attribute is taken out of the page; the policy header stays as served.
/// </summary>
public sealed partial class DocsRedocPolicyBrowserTests(PostgresServer postgres) : IAsyncDisposable
{
    private const string ReDocScript = "https://cdn.jsdelivr.net/npm/redoc@2.5.4/bundles/redoc.standalone.js";

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
    public async Task Redoc_AsServed_FetchesTheCdnScriptAndRunsItOnlyIfItMatchesItsIntegrity()
    {
        // Arrange (Playwright's calls take no token; every one of them is bounded by HeadlessChromium.ActionTimeout)
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(api.HttpAddress);
        var refusedIntegrity = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("integrity", StringComparison.OrdinalIgnoreCase))
            {
                refusedIntegrity.TrySetResult(message.Text);
            }
        };

        // The stand-in is not ReDoc, so it is refused and the inline script then finds no Redoc: that error, only.
        var problems = await PolicyProblems.WatchAsync(page, error => error.Contains("Redoc is not defined", StringComparison.Ordinal));
        var cdnRequests = await ServeStandInAsync(page);

        // Act
        var response = await page.GotoAsync("/redoc");

        // Assert: the policy was on and let the request out; the browser then checked the script's integrity.
        Assert.Equal(200, response?.Status);
        Assert.StartsWith("default-src 'none'; script-src " + ReDocScript + " 'sha256-", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        Assert.Contains(ReDocScript, await refusedIntegrity.Task.WaitAsync(HeadlessChromium.ActionTimeout, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(ReDocScript, Assert.Single(cdnRequests));
        await problems.AssertNoneAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Redoc_StandInForTheCdnScript_LoadsTheDocumentStylesAndWorkerUnderThePolicy()
    {
        // Arrange: the page as served, policy header included, but without the integrity attribute.
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(api.HttpAddress);
        var problems = await PolicyProblems.WatchAsync(page);
        var cdnRequests = await ServeStandInAsync(page);
        await page.RouteAsync("**/redoc/index.html", async route =>
        {
            var served = await route.FetchAsync();
            var html = await served.TextAsync();
            Assert.Matches(Integrity(), html);
            await route.FulfillAsync(new RouteFulfillOptions { Response = served, Body = Integrity().Replace(html, string.Empty) });
        });

        // Act
        var response = await page.GotoAsync("/redoc/index.html");
        var container = page.Locator("#redoc-container");

        // Assert: the CDN script was fetched and called, and what it did was allowed.
        Assert.Equal(200, response?.Status);
        Assert.StartsWith("default-src 'none'; script-src " + ReDocScript + " 'sha256-", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Assertions.Expect(container).ToHaveAttributeAsync("data-title", "Executors API");
        await Assertions.Expect(container).ToHaveAttributeAsync("data-worker", "worker ran");
        await Assertions.Expect(container).ToHaveCSSAsync("color", "rgb(1, 2, 3)");
        Assert.Equal(ReDocScript, Assert.Single(cdnRequests));
        await problems.AssertNoneAsync();
    }

    /// <summary>Answers the CDN URL with the stand-in; the returned list grows by one per request.</summary>
    private static async Task<List<string>> ServeStandInAsync(IPage page)
    {
        var requests = new List<string>();
        await page.RouteAsync(ReDocScript, route =>
        {
            lock (requests)
            {
                requests.Add(route.Request.Url);
            }

            return route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/javascript",
                Body = StandIn,
                Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
            });
        });
        return requests;
    }

    [GeneratedRegex(@"\s(integrity|crossorigin)=""[^""]*""")]
    private static partial Regex Integrity();
}
