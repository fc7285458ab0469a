using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Observability;

/// <summary>
/// The committed Grafana dashboard asks only for metrics the service exports: every metric name in every panel's
/// PromQL is one the running API's scrape endpoint lists, after the traffic that makes each appear.
/// </summary>
public sealed partial class GrafanaDashboardTests(PostgresServer postgres)
{
    private static readonly string[] RequiredPanels =
    [
        "Throughput", "Latency p50 / p95 / p99", "Errors by status", "Database command duration", "Database connection pool",
        "Authentication failures", "Live connections and subscribers",
    ];

    [Fact]
    public async Task EveryPanelQuery_NamesMetricsTheServiceExports()
    {
        // Arrange: the dashboard's queries.
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(DashboardPath(), TestContext.Current.CancellationToken));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Select(panel => (Title: panel.GetProperty("title").GetString()!, Queries: panel.GetProperty("targets").EnumerateArray().Select(target => target.GetProperty("expr").GetString()!).ToList()))
            .ToList();
        foreach (var required in RequiredPanels)
        {
            Assert.Contains(panels, panel => panel.Title.StartsWith(required, StringComparison.Ordinal));
        }

        // The API with its scrape port, and traffic for each counter: requests, a cache hit, failed sign-ins up to a
        // throttle, a rate-limit rejection.
        var ct = TestContext.Current.CancellationToken;
        var port = LocalPostgresCluster.FreePort();
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Observability:Prometheus:Enabled"] = "true",
            ["Observability:Prometheus:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:PermitLimit"] = "3",
            ["RateLimiting:Window"] = "00:01:00",
            ["Authentication:FailureThrottling:MaxFailuresPerUserName"] = "1",
        });
        await api.StoreAsync(new ExecutorBuilder("DashboardOne").Terminated().Build());
        using var reader = api.CreateReaderClient();
        for (var i = 0; i < 4; i++)
        {
            using var response = await reader.GetAsync("/executors/DashboardOne", ct);
        }

        using var wrong = api.CreateClient();
        wrong.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TestUsers.BasicHeader(TestUsers.Writer, "wrong-password"));
        using var failed = await wrong.GetAsync("/executors/DashboardOne", ct);
        using var throttled = await wrong.GetAsync("/executors/DashboardOne", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);

        // Act: what the endpoint exports.
        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await scraper.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), ct);
        var exported = TypeLine().Matches(text).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["type"].Value, StringComparer.Ordinal);

        // Assert
        foreach (var (title, queries) in panels)
        {
            Assert.NotEmpty(queries);
            foreach (var query in queries)
            {
                var names = MetricName().Matches(query).Select(match => match.Groups["name"].Value).ToList();
                Assert.True(names.Count > 0, $"{title}: no metric in {query}");
                foreach (var name in names)
                {
                    Assert.True(IsExported(name, exported), $"Panel '{title}' asks for {name}, which the API does not export.");
                }
            }
        }
    }

    private static bool IsExported(string name, Dictionary<string, string> exported)
    {
        if (exported.ContainsKey(name))
        {
            return true;
        }

        foreach (var suffix in (string[])["_bucket", "_count", "_sum"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && exported.TryGetValue(name[..^suffix.Length], out var type) && type == "histogram")
            {
                return true;
            }
        }

        return false;
    }

    private static string DashboardPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Executors.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "grafana", "executors-api.json");
            }
        }

        throw new InvalidOperationException("Executors.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>\w+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    /// <summary>A metric in PromQL: a name followed by its label matchers (every query here selects with labels).</summary>
    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex MetricName();
}
