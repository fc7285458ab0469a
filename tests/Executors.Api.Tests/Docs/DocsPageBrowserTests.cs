using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Executors.Api.Tests.Docs;

/// <summary>
/// The docs page as ops staff use it: the real app on real Kestrel (plain HTTP on loopback), Swagger UI at /docs in
/// headless Chromium, Authorize with Basic credentials, Try it out — under the page's Content-Security-Policy, and with
/// no violation of it and no script error along the way. Swagger UI's files are bundled in NSwag, so the page renders
/// without the network (ReDoc, whose bundle the API also serves, is rendered in DocsRedocPolicyBrowserTests).
/// </summary>
/// <remarks>
/// With <c>EXECUTORS_UPDATE_SCREENSHOT=1</c> the test also writes the README's screenshot, docs/images/docs.png.
/// </remarks>
public sealed class DocsPageBrowserTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string ScreenshotVariable = "EXECUTORS_UPDATE_SCREENSHOT";
    private const string Id = DemoData.ExampleExecutorId;
    private readonly TestCertificate _certificate = new();

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    // The whole flow takes a few seconds; every step is also bounded by HeadlessChromium.ActionTimeout.
    [Fact(Timeout = 60_000)]
    public async Task DocsPage_TryItOutAuthorizedAsReader_Shows200AndTheExampleExecutor()
    {
        // Arrange: the example executor, stored as the service stores executors, and a browser with no credentials.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IExecutorRepository>()
                .AddAsync(DemoData.Example(), TestContext.Current.CancellationToken);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(api.HttpAddress);
        var policyProblems = await PolicyProblems.WatchAsync(page);
        var operation = page.Locator("#operations-Executors-GetExecutor");
        var liveResponse = operation.Locator(".live-responses-table .response").First;

        try
        {
            // Act 1: the page, and the operation listed under its tag (tags start collapsed).
            var docs = await page.GotoAsync("/docs");
            await page.Locator("#operations-tag-Executors").ClickAsync();
            await Assertions.Expect(operation).ToBeVisibleAsync();

            // Assert (a): served without credentials, the GET /executors/{executor_id} operation is listed.
            Assert.Equal(200, docs?.Status);
            await Assertions.Expect(operation.Locator(".opblock-summary-method")).ToHaveTextAsync("GET");
            await Assertions.Expect(operation.Locator(".opblock-summary-path")).ToHaveAttributeAsync("data-path", "/executors/{executor_id}");
            await Assertions.Expect(operation.Locator(".opblock-summary-description")).ToHaveTextAsync("Get Executor");

            // Act 2: Authorize with the reader's Basic credentials and close the dialog, then Try it out and Execute.
            // (Not before authorizing: the API's 401 carries WWW-Authenticate: Basic, so the browser would open its own
            // login prompt, which headless Chromium leaves pending.)
            await page.Locator(".scheme-container button.authorize").ClickAsync();
            var dialog = page.Locator(".dialog-ux .modal-ux");
            await dialog.Locator("input[name='username']").FillAsync(TestUsers.Reader);
            await dialog.Locator("input[name='password']").FillAsync(TestUsers.ReaderPassword);
            await DialogButton(dialog, "Authorize").ClickAsync();
            await Assertions.Expect(DialogButton(dialog, "Logout")).ToBeVisibleAsync();
            await DialogButton(dialog, "Close").ClickAsync();
            await Assertions.Expect(dialog).ToBeHiddenAsync();

            await operation.Locator(".opblock-summary").ClickAsync();
            await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
            await operation.Locator("input[placeholder='executor_id']").FillAsync(Id);
            await operation.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

            // Assert (b): 200 and the example executor's JSON in the response panel.
            await Assertions.Expect(liveResponse.Locator(".response-col_status")).ToHaveTextAsync("200");
            var body = liveResponse.Locator(".response-col_description .microlight").First;
            await Assertions.Expect(body).ToContainTextAsync($"\"executor_id\": \"{Id}\"");
            await Assertions.Expect(body).ToContainTextAsync("\"account_name\": \"master_account\"");
            await Assertions.Expect(body).ToContainTextAsync("\"net_pnl_quote\": 125.5");
            await Assertions.Expect(operation.Locator(".request-url")).ToContainTextAsync($"/executors/{Id}");

            // Assert (c): all of it under the page's own policy, which blocked nothing and broke no script.
            Assert.StartsWith("default-src 'none'; script-src 'self' 'sha256-", await docs!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
            await policyProblems.AssertNoneAsync();

            if (Environment.GetEnvironmentVariable(ScreenshotVariable) == "1")
            {
                await SaveReadmeScreenshotAsync(page, liveResponse);
            }
        }
        catch (Exception)
        {
            await SaveFailureScreenshotAsync(page);
            foreach (var problem in await policyProblems.CollectAsync())
            {
                TestContext.Current.TestOutputHelper?.WriteLine(problem);
            }

            throw;
        }
    }

    /// <summary>What the page showed when the test failed, next to the test binaries, named in the test's output.</summary>
    private static async Task SaveFailureScreenshotAsync(IPage page)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "docs-page-failure.png");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 5_000 });
            TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot of the docs page when the test failed: {path}");
        }
        catch (PlaywrightException screenshotFailure)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"No screenshot of the failed page: {screenshotFailure.Message}");
        }
    }

    /// <summary>A button of the Authorize dialog by the text a person reads on it (their aria-labels say other things).</summary>
    private static ILocator DialogButton(ILocator dialog, string text) =>
        dialog.Locator("button.modal-btn").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{text}$") });

    /// <summary>docs/images/docs.png: the page from its top down to the live 200 response, nothing below it.</summary>
    private static async Task SaveReadmeScreenshotAsync(IPage page, ILocator liveResponse)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var box = await liveResponse.BoundingBoxAsync() ?? throw new InvalidOperationException("the response panel has no box");
        var height = await page.EvaluateAsync<float>("() => window.scrollY") + box.Y + box.Height + 8;
        var path = Path.Combine(RepositoryRoot(), "docs", "images", "docs.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = path,
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = height },
        });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Executors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Executors.sln not found above " + AppContext.BaseDirectory);
    }
}
