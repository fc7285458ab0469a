using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Concurrency;

/// <summary>
/// Performance reports read while engines report executors starting and terminating: each report is one statement, so
/// its counts and sums describe the same moment — never a total from before a write beside a breakdown from after it.
/// </summary>
public sealed class PerformanceReportSnapshotTests(PostgresServer postgres)
{
    private const int Writers = 4;
    private const int ExecutorsPerWriter = 15;

    [Fact]
    public async Task ReportsDuringWrites_CountsAndSumsAlwaysAgree()
    {
        // Arrange: a database of this test's own; no rate limit (it is not what this measures). Every executor has a PnL
        // of 1, so at any moment the realized PnL equals the TERMINATED count and the unrealized PnL the active count.
        var database = await postgres.CreateDatabaseAsync("executors_perf_" + Guid.NewGuid().ToString("N")[..12], TestContext.Current.CancellationToken);
        await using var api = new ApiFactory(database.ConnectionString, new Dictionary<string, string?> { ["RateLimiting:PermitLimit"] = "0" });
        var ct = TestContext.Current.CancellationToken;
        var reports = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();

        // Act: writers create each executor RUNNING and then terminate it, while two readers ask for reports.
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            using var client = Writer(api);
            for (var i = 0; i < ExecutorsPerWriter; i++)
            {
                var id = $"snap_{writer}_{i}";
                using var running = await client.PutAsync($"/executors/{id}", Json(State("RUNNING")), ct);
                Assert.Equal(HttpStatusCode.Created, running.StatusCode);
                using var terminated = await client.PutAsync($"/executors/{id}", Json(State("TERMINATED")), ct);
                Assert.Equal(HttpStatusCode.OK, terminated.StatusCode);
            }
        }, ct)).ToList();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            using var client = api.CreateReaderClient();
            while (!done.IsCancellationRequested)
            {
                using var response = await client.GetAsync("/executors/performance", ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                reports.Add(await response.Content.ReadAsStringAsync(ct));
            }
        }, ct)).ToList();
        await Task.WhenAll(writers);
        await done.CancelAsync();
        await Task.WhenAll(readers);
        using var final = await api.CreateReaderClient().GetAsync("/executors/performance", ct);
        var finalText = await final.Content.ReadAsStringAsync(ct);
        reports.Add(finalText);

        // Assert
        Assert.True(reports.Count > 2, $"{reports.Count} reports");
        foreach (var text in reports)
        {
            using var report = JsonDocument.Parse(text);
            var root = report.RootElement;
            var total = root.GetProperty("total_executors").GetInt32();
            var byStatus = root.GetProperty("by_status").EnumerateObject().ToDictionary(status => status.Name, status => status.Value.GetInt32());
            var terminated = byStatus.GetValueOrDefault("TERMINATED");
            var types = root.GetProperty("by_type").EnumerateArray().ToList();
            Assert.Equal(total, byStatus.Values.Sum());
            Assert.Equal(total, types.Sum(type => type.GetProperty("total").GetInt32()));
            Assert.Equal(terminated, types.Sum(type => type.GetProperty("completed").GetInt32()));
            Assert.Equal(total - terminated, types.Sum(type => type.GetProperty("running").GetInt32()));
            Assert.Equal(terminated, root.GetProperty("pnl_total_quote").GetDecimal());
            Assert.Equal(total - terminated, root.GetProperty("unrealized_pnl_quote").GetDecimal());
            Assert.Equal(total, root.GetProperty("global_pnl_quote").GetDecimal());
        }

        using var last = JsonDocument.Parse(finalText);
        Assert.Equal(Writers * ExecutorsPerWriter, last.RootElement.GetProperty("by_status").GetProperty("TERMINATED").GetInt32());
        Assert.Equal(Writers * ExecutorsPerWriter, last.RootElement.GetProperty("pnl_total_quote").GetDecimal());
        Assert.Equal(Writers * ExecutorsPerWriter * 100m, last.RootElement.GetProperty("volume_total_quote").GetDecimal());
    }

    private static string State(string status) => $$"""
        {"executor_type": "position_executor", "account_name": "master_account", "connector_name": "binance",
         "trading_pair": "BTC-USDT", "status": "{{status}}", "is_trading": false, "net_pnl_quote": 1,
         "net_pnl_pct": 0.1, "cum_fees_quote": 0.2, "filled_amount_quote": 100, "side": "BUY", "timestamp": 1705315800,
         "close_type": {{(status == "TERMINATED" ? "\"TAKE_PROFIT\"" : "null")}},
         "close_timestamp": {{(status == "TERMINATED" ? "1705316800" : "null")}}}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpClient Writer(ApiFactory api)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        return client;
    }
}
