using System.Collections.Concurrent;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Executors.Api.Tests.Docs;

/// <summary>
/// /redoc in headless Chromium, under its Content-Security-Policy, with the real ReDoc bundle the API serves and no
/// way out: every request that is not for the API itself is recorded and refused, as on a closed network. ReDoc must
/// fetch the document, render it, inject its styles and start its search worker from a blob: URL.
/// </summary>
public sealed class DocsRedocPolicyBrowserTests(PostgresServer postgres) : IAsyncDisposable
{
    private const string RedoclyLogo = "https://cdn.redoc.ly/redoc/logo-mini.svg";

    private readonly TestCertificate _certificate = new();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 90_000)]
    public async Task Redoc_OnAClosedNetwork_RendersTheDocumentFromTheApiAloneUnderThePolicy()
    {
        // Arrange (Playwright's calls take no token; every one of them is bounded by HeadlessChromium.ActionTimeout)
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(api.HttpAddress);
        var problems = await PolicyProblems.WatchAsync(page);
        var outside = new ConcurrentQueue<string>();
        var origin = api.HttpAddress.GetLeftPart(UriPartial.Authority);
        await page.RouteAsync("**/*", route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith(origin + "/", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal))
            {
                return route.ContinueAsync();
            }

            outside.Enqueue(url);
            return route.AbortAsync("internetdisconnected");
        });
        var workers = new ConcurrentQueue<string>();
        page.Worker += (_, worker) => workers.Enqueue(worker.Url);

        // Act
        var response = await page.GotoAsync("/redoc");

        // Assert: the page under its policy; ReDoc (from the API) rendered the document's title and operations.
        Assert.Equal(200, response?.Status);
        Assert.StartsWith("default-src 'none'; script-src 'self' 'sha256-", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#redoc-container h1").First).ToContainTextAsync("Executors API", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#redoc-container [role=menuitem]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var injectedStyles = await page.EvaluateAsync<int>("() => document.querySelectorAll('style[data-styled], style[data-styled-version]').length");
        Assert.True(injectedStyles > 0, "ReDoc injected no styles");
        await Assertions.Expect(page.Locator("input[placeholder='Search...']")).ToBeVisibleAsync();
        Assert.Contains(workers, url => url.StartsWith("blob:", StringComparison.Ordinal));
        Assert.Empty(outside);

        // The one refusal expected: ReDoc's "API docs by Redocly" logo, an <img> from its own CDN that it always renders
        // and drops on error; img-src keeps it from going out (so nothing in 'outside'), which the console reports.
        var unexpected = (await problems.CollectAsync()).Where(problem => !problem.Contains(RedoclyLogo, StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, "The page reported problems under its policy:\n" + string.Join("\n", unexpected));
        Assert.Equal(0, await page.Locator("img[alt='redocly logo']").CountAsync());
    }
}
