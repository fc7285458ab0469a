using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Observability;

/// <summary>
/// The Prometheus scrape endpoint: on its own loopback port when enabled, never on the public listener; and a real
/// Prometheus (Debian's package) scraping it.
/// </summary>
public sealed class PrometheusEndpointTests(PostgresServer postgres)
{
    /// <summary>Where Debian's package puts it; <c>EXECUTORS_PROMETHEUS</c> names another binary.</summary>
    private static string PrometheusPath =>
        Environment.GetEnvironmentVariable("EXECUTORS_PROMETHEUS") is { Length: > 0 } path ? path : "/usr/bin/prometheus";

    [Fact]
    public async Task Enabled_ScrapePortAnswersPrometheusText_AndThePublicListenerHasNoMetrics()
    {
        // Arrange
        var port = LocalPostgresCluster.FreePort();
        await using var api = new ApiFactory(postgres.ConnectionString, Enabled(port));
        using var reader = api.CreateReaderClient();
        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ct = TestContext.Current.CancellationToken;
        using var request = await reader.GetAsync("/executors/NoSuchExecutor", ct);

        // Act
        using var scrape = await scraper.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"), ct);
        var text = await scrape.Content.ReadAsStringAsync(ct);
        using var publicMetrics = await reader.GetAsync("/metrics", ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"executors/{executor_id:executorId}\"", text, StringComparison.Ordinal);
        Assert.Matches("""executors_executors\{[^}]*status="RUNNING"[^}]*\} \d+""", text); // the server is shared: any count
        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
    }

    [Fact]
    public async Task Disabled_ByDefault_NothingListensOnThePort()
    {
        // Arrange
        var port = LocalPostgresCluster.FreePort();
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?> { ["Observability:Prometheus:Port"] = port.ToString(CultureInfo.InvariantCulture) });
        using var reader = api.CreateReaderClient();
        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // Act
        using var health = await reader.GetAsync("/health/live", TestContext.Current.CancellationToken);
        var refused = await Record.ExceptionAsync(() => scraper.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"), TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.IsType<HttpRequestException>(refused);
    }

    [Fact]
    public async Task InvalidPort_StopsTheStart()
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Observability:Prometheus:Enabled"] = "true",
            ["Observability:Prometheus:Port"] = "70000",
        });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        Assert.NotNull(failure);
        Assert.Contains("Observability:Prometheus:Port", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealPrometheus_ScrapesTheApi_AndSeesItsRequests()
    {
        if (!File.Exists(PrometheusPath))
        {
            Assert.Fail(
                $"This test runs a real Prometheus and found none at {PrometheusPath}. Install Debian's prometheus package " +
                "(apt-get update && apt-get install prometheus; .ci/run does), or set EXECUTORS_PROMETHEUS to a prometheus binary.");
        }

        // Arrange: the API with its scrape port, and Prometheus scraping it every second from its own ports and storage.
        var ct = TestContext.Current.CancellationToken;
        var scrapePort = LocalPostgresCluster.FreePort();
        await using var api = new ApiFactory(postgres.ConnectionString, Enabled(scrapePort));
        using var reader = api.CreateReaderClient();
        using var request = await reader.GetAsync("/executors/NoSuchExecutor", ct);

        var directory = Directory.CreateTempSubdirectory("executors-prometheus-");
        var webPort = LocalPostgresCluster.FreePort();
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: executors-api
                static_configs:
                  - targets: ['127.0.0.1:{scrapePort}']
            """, ct);
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusPath)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{webPort}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();

        try
        {
            // Act: ask Prometheus until it has scraped a request count (bounded: 60 s).
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var query = new Uri($"http://127.0.0.1:{webPort}/api/v1/query?query={Uri.EscapeDataString("sum(http_server_request_duration_seconds_count{job=\"executors-api\"})")}");
            double? count = null;
            var deadline = Stopwatch.StartNew();
            while (count is not > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                Assert.False(prometheus.HasExited, $"prometheus exited with {(prometheus.HasExited ? prometheus.ExitCode : 0)}");
                try
                {
                    using var document = JsonDocument.Parse(await client.GetStringAsync(query, ct));
                    var result = document.RootElement.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0)
                    {
                        count = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }

                if (count is not > 0)
                {
                    await Task.Delay(500, ct);
                }
            }

            // Assert
            Assert.True(count > 0, $"Prometheus saw no request count within 60 s (last: {count?.ToString(CultureInfo.InvariantCulture) ?? "nothing"})");
        }
        finally
        {
            if (!prometheus.HasExited)
            {
                prometheus.Kill(entireProcessTree: true);
                await prometheus.WaitForExitAsync(CancellationToken.None);
            }

            directory.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string?> Enabled(int port) => new()
    {
        ["Observability:Prometheus:Enabled"] = "true",
        ["Observability:Prometheus:Port"] = port.ToString(CultureInfo.InvariantCulture),
    };
}
