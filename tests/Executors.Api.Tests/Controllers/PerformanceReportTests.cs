using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Controllers;

/// <summary>GET /executors/performance on the real database: every figure from a known set of executors.</summary>
public sealed class PerformanceReportTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Alpha = "alpha";

    private static readonly string[] TypeCounts = ["total", "completed", "running"];
    private static readonly string[] TypeMoney = ["pnl_quote", "volume_quote", "fees_quote"];

    /// <summary>
    /// Controller alpha: three realized executors (PnL 10, -4, 6), one closed as POSITION_HOLD (left out of every
    /// realized figure), one running, one shutting down, one not started and without a type. Controller beta: one more
    /// realized executor.
    /// </summary>
    private async Task StoreKnownSetAsync() => await StoreAsync(
        Closed("t1", ExecutorTypes.Position, CloseType.TakeProfit, pnl: 10m, pct: 1.5m, fees: 0.5m, filled: 1000m),
        Closed("t2", ExecutorTypes.Position, CloseType.StopLoss, pnl: -4m, pct: -0.5m, fees: 0.25m, filled: 400m),
        Closed("t3", ExecutorTypes.Grid, CloseType.Completed, pnl: 6m, pct: 0.75m, fees: 1m, filled: 600m),
        Closed("h1", ExecutorTypes.Position, CloseType.PositionHold, pnl: 100m, pct: 9m, fees: 7m, filled: 5000m),
        Of("r1", ExecutorTypes.Grid).WithPerformance(2.5m, 0.25m, 0.1m, 50m, isTrading: true).Build(),
        Of("s1", ExecutorTypes.Dca).WithPerformance(-1m, -0.1m, 0.05m, 10m).WithStatus(ExecutorStatus.ShuttingDown).Build(),
        Of("n1", null).Build(),
        Of("b1", ExecutorTypes.Position).ForController("beta").WithPerformance(50m, 5m, 2m, 200m).Terminated(CloseType.TakeProfit).Build());

    [Fact]
    public async Task Report_OneController_EveryFigureFromTheKnownSet()
    {
        // Arrange
        await StoreKnownSetAsync();

        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/performance?controller_id={Alpha}", TestContext.Current.CancellationToken);

        // Assert
        var root = await ReportAsync(response);
        Assert.Equal(Alpha, root.GetProperty("controller_id").GetString());
        Assert.Equal(7, root.GetProperty("total_executors").GetInt32());
        Assert.Equal(
            Counts(("NOT_STARTED", 1), ("RUNNING", 1), ("SHUTTING_DOWN", 1), ("TERMINATED", 4)),
            Counts(root.GetProperty("by_status")));
        Assert.Equal(12m, root.GetProperty("pnl_total_quote").GetDecimal());
        Assert.Equal(1.5m, root.GetProperty("unrealized_pnl_quote").GetDecimal());
        Assert.Equal(13.5m, root.GetProperty("global_pnl_quote").GetDecimal());
        Assert.Equal(0.58333333m, root.GetProperty("pnl_pct_avg").GetDecimal());
        Assert.Equal(1.75m, root.GetProperty("fees_total_quote").GetDecimal());
        Assert.Equal(2000m, root.GetProperty("volume_total_quote").GetDecimal());
        Assert.Equal(0.66666667m, root.GetProperty("win_rate").GetDecimal());
        // Mean 4, sample deviation sqrt(((10-4)² + (-4-4)² + (6-4)²) / 2) = sqrt(52).
        Assert.Equal((decimal)Math.Round(4 / Math.Sqrt(52), 4), root.GetProperty("sharpe_ratio").GetDecimal());
        Assert.Equal(0.5547m, root.GetProperty("sharpe_ratio").GetDecimal());
        Assert.Equal(0, root.GetProperty("active_positions").GetInt32());
        Assert.Equal(
            [
                ("", 1, 0, 1, 0m, 0m, 0m),
                ("dca_executor", 1, 0, 1, 0m, 0m, 0m),
                ("grid_executor", 2, 1, 1, 6m, 600m, 1m),
                ("position_executor", 3, 3, 0, 6m, 1400m, 0.75m),
            ],
            root.GetProperty("by_type").EnumerateArray().Select(Breakdown));
    }

    [Fact]
    public async Task Report_NoController_CoversEveryControllerAndEchoesNull()
    {
        // Arrange
        await StoreKnownSetAsync();

        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/performance", TestContext.Current.CancellationToken);

        // Assert: beta's executor joins the realized set (PnL 10, -4, 6, 50: three wins of four).
        var root = await ReportAsync(response);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("controller_id").ValueKind);
        Assert.Equal(8, root.GetProperty("total_executors").GetInt32());
        Assert.Equal(62m, root.GetProperty("pnl_total_quote").GetDecimal());
        Assert.Equal(63.5m, root.GetProperty("global_pnl_quote").GetDecimal());
        Assert.Equal(0.75m, root.GetProperty("win_rate").GetDecimal());
        Assert.Equal(1.6875m, root.GetProperty("pnl_pct_avg").GetDecimal());
        Assert.Equal(5, root.GetProperty("by_status").GetProperty("TERMINATED").GetInt32());
        var position = root.GetProperty("by_type").EnumerateArray().Single(row => row.GetProperty("executor_type").GetString() == ExecutorTypes.Position);
        Assert.Equal(("position_executor", 4, 4, 0, 56m, 1600m, 2.75m), Breakdown(position));
    }

    [Fact]
    public async Task Report_ControllerWithoutExecutors_IsAllZero()
    {
        // Arrange
        await StoreKnownSetAsync();

        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/performance?controller_id=nobody", TestContext.Current.CancellationToken);

        // Assert
        var root = await ReportAsync(response);
        Assert.Equal("nobody", root.GetProperty("controller_id").GetString());
        Assert.Equal(0, root.GetProperty("total_executors").GetInt32());
        Assert.Empty(root.GetProperty("by_type").EnumerateArray());
    }

    [Fact]
    public async Task Report_EmptyDatabase_ZerosEmptyBreakdownsAndNullSharpe()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/performance", TestContext.Current.CancellationToken);

        // Assert
        var root = await ReportAsync(response);
        Assert.Equal(0, root.GetProperty("total_executors").GetInt32());
        Assert.Empty(root.GetProperty("by_status").EnumerateObject());
        foreach (var field in new[] { "pnl_total_quote", "unrealized_pnl_quote", "global_pnl_quote", "pnl_pct_avg", "fees_total_quote", "volume_total_quote", "win_rate" })
        {
            Assert.Equal(0m, root.GetProperty(field).GetDecimal());
        }

        Assert.Equal(JsonValueKind.Null, root.GetProperty("sharpe_ratio").ValueKind);
        Assert.Empty(root.GetProperty("by_type").EnumerateArray());
        Assert.Equal(0, root.GetProperty("active_positions").GetInt32());
    }

    [Fact]
    public async Task Report_OneRealizedExecutor_SharpeIsNull()
    {
        // Arrange: one realized executor; the position hold and the running one do not make a second.
        await StoreAsync(
            Closed("t1", ExecutorTypes.Position, CloseType.TakeProfit, pnl: 10m, pct: 1m, fees: 0m, filled: 0m),
            Closed("h1", ExecutorTypes.Position, CloseType.PositionHold, pnl: 3m, pct: 1m, fees: 0m, filled: 0m),
            Of("r1", ExecutorTypes.Position).WithPerformance(5m).Build());

        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/performance?controller_id={Alpha}", TestContext.Current.CancellationToken);

        // Assert
        var root = await ReportAsync(response);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sharpe_ratio").ValueKind);
        Assert.Equal(1m, root.GetProperty("win_rate").GetDecimal());
        Assert.Equal(10m, root.GetProperty("pnl_total_quote").GetDecimal());
    }

    [Fact]
    public async Task Report_RealizedExecutorsWithEqualPnl_SharpeIsNull()
    {
        // Arrange: no deviation; and a PnL of 0 is not a win.
        await StoreAsync(
            Closed("t1", ExecutorTypes.Position, CloseType.TakeProfit, pnl: 0m, pct: 0m, fees: 0m, filled: 0m),
            Closed("t2", ExecutorTypes.Position, CloseType.TakeProfit, pnl: 0m, pct: 0m, fees: 0m, filled: 0m));

        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/performance", TestContext.Current.CancellationToken);

        // Assert
        var root = await ReportAsync(response);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sharpe_ratio").ValueKind);
        Assert.Equal(0m, root.GetProperty("win_rate").GetDecimal());
    }

    [Theory]
    [InlineData("controller_id=")]
    [InlineData("controller_id=%00")]
    [InlineData("controller_id=257")]
    public async Task Report_BadControllerId_Is400NamingIt(string query)
    {
        // Arrange
        var path = "/executors/performance?" + (query == "controller_id=257" ? "controller_id=" + new string('c', 257) : query);

        // Act
        using var response = await Api.CreateReaderClient().GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("controller_id", out _), problem.RootElement.GetRawText());
    }

    [Fact]
    public async Task Report_NoCredentials_Is401()
    {
        // Act
        using var response = await Api.CreateClient().GetAsync("/executors/performance", TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 401);
    }

    /// <summary>The report, with every field present in its JSON type (numbers as numbers, never strings).</summary>
    private static async Task<JsonElement> ReportAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = body.RootElement.Clone();
        Assert.Equal(
            ["active_positions", "by_status", "by_type", "controller_id", "fees_total_quote", "global_pnl_quote", "pnl_pct_avg",
             "pnl_total_quote", "sharpe_ratio", "total_executors", "unrealized_pnl_quote", "volume_total_quote", "win_rate"],
            root.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Contains(root.GetProperty("controller_id").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        Assert.Contains(root.GetProperty("sharpe_ratio").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        foreach (var number in new[] { "total_executors", "active_positions", "pnl_total_quote", "unrealized_pnl_quote", "global_pnl_quote", "pnl_pct_avg", "fees_total_quote", "volume_total_quote", "win_rate" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(number).ValueKind);
        }

        Assert.True(root.GetProperty("total_executors").TryGetInt32(out _));
        Assert.True(root.GetProperty("active_positions").TryGetInt32(out _));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("by_status").ValueKind);
        Assert.All(root.GetProperty("by_status").EnumerateObject(), status => Assert.True(status.Value.TryGetInt32(out _)));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("by_type").ValueKind);
        Assert.All(root.GetProperty("by_type").EnumerateArray(), row =>
        {
            Assert.Equal(
                ["completed", "executor_type", "fees_quote", "pnl_quote", "running", "total", "volume_quote"],
                row.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
            Assert.Equal(JsonValueKind.String, row.GetProperty("executor_type").ValueKind);
            Assert.All(TypeCounts, count => Assert.True(row.GetProperty(count).TryGetInt32(out _)));
            Assert.All(TypeMoney, money => Assert.Equal(JsonValueKind.Number, row.GetProperty(money).ValueKind));
        });
        return root;
    }

    private static (string Type, int Total, int Completed, int Running, decimal Pnl, decimal Volume, decimal Fees) Breakdown(JsonElement row) => (
        row.GetProperty("executor_type").GetString()!,
        row.GetProperty("total").GetInt32(),
        row.GetProperty("completed").GetInt32(),
        row.GetProperty("running").GetInt32(),
        row.GetProperty("pnl_quote").GetDecimal(),
        row.GetProperty("volume_quote").GetDecimal(),
        row.GetProperty("fees_quote").GetDecimal());

    private static ExecutorBuilder Of(string id, string? type) =>
        new ExecutorBuilder(id).OfType(type).ForAccount("acct").OnConnector("binance").ForController(Alpha);

    private static Executor Closed(string id, string type, CloseType closeType, decimal pnl, decimal pct, decimal fees, decimal filled)
    {
        var executor = Of(id, type).WithPerformance(pnl, pct, fees, filled);
        if (closeType == CloseType.PositionHold)
        {
            // An executor that ends holding its position reports the fills it leaves (docs/contract.md).
            executor = executor.ForPair("BTC-USDT").WithSide(TradeSide.Buy).WithCustomInfo("""{"filled_amount_base": 1}""");
        }

        return executor.Terminated(closeType).Build();
    }

    private static SortedDictionary<string, int> Counts(params (string Key, int Count)[] pairs) =>
        new(pairs.ToDictionary(pair => pair.Key, pair => pair.Count), StringComparer.Ordinal);

    private static SortedDictionary<string, int> Counts(JsonElement element) =>
        new(element.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetInt32()), StringComparer.Ordinal);
}
