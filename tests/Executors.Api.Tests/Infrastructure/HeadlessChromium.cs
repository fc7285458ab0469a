using Microsoft.Playwright;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// The machine's own Chromium (Debian's <c>chromium</c> package), driven by Playwright's bundled Node driver. No browser
/// is ever downloaded (<c>playwright install</c> is never run): without Chromium the test fails and says what to install.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian's package puts it; <c>EXECUTORS_CHROMIUM</c> names another binary.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>Bound on every single browser action or wait (Playwright's own default is 30 s).</summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(10);

    // Headless on a closed network, as root: no sandbox, no GPU, no QUIC, and nothing that phones home (without the
    // background-networking flags the machine refuses Chromium's own connections by the dozen). Playwright adds
    // --headless and a fresh, temporary --user-data-dir that it deletes when the browser closes.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("EXECUTORS_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Starts the browser, or fails the test (never skips it) when there is no Chromium to start.</summary>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail(
                $"The docs page test needs Chromium and found none at {ExecutablePath}. Install Debian's chromium " +
                "package (apt-get update && apt-get install chromium), or set EXECUTORS_CHROMIUM to a Chromium binary. " +
                "Do not run 'playwright install': the test uses the machine's Chromium, never a downloaded one.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                ChromiumSandbox = false,
                Args = Flags,
                Timeout = (float)TimeSpan.FromSeconds(20).TotalMilliseconds,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh context (no cookies, no stored credentials) with a fixed viewport and bounded waits.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            DeviceScaleFactor = 1,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)ActionTimeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>Closes the browser (and so its process) and stops the driver, whatever happened before.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Browser.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
        }
    }
}
