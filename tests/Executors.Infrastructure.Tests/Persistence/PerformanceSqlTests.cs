using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>The performance report's statement (ExecutorPerformanceSql) at its edges: one round trip, odd rows, extreme numbers.</summary>
public sealed class PerformanceSqlTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    [Fact]
    public async Task Report_IsOneStatement_WithScopeAndControllerAsParameters()
    {
        // Arrange
        var commands = new CapturedCommands();
        await StoreAsync(Closed("a1", "acct_a", pnl: 1m));

        // Act
        var report = await ReportAsync("ctrl'; DROP TABLE executors; --", AccountScope.Of(["acct_a"]), commands);

        // Assert: one command, the values bound as parameters, never spliced into the text.
        var sql = Assert.Single(commands.Texts);
        Assert.Contains("e.controller_id = @controller_ids", sql, StringComparison.Ordinal);
        Assert.Contains("e.account_name = @scope", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Equal(0, report.TotalCount);
    }

    [Fact]
    public async Task Report_RestrictedCallerWithoutAccounts_SeesNothing()
    {
        // Arrange
        await StoreAsync(Closed("a1", "acct_a", pnl: 5m), Closed("a2", null, pnl: 7m));

        // Act
        var report = await ReportAsync(null, AccountScope.Of([]));

        // Assert
        Assert.Equal(0, report.TotalCount);
        Assert.Equal(0m, report.RealizedPnlQuote);
        Assert.Empty(report.ByStatus);
        Assert.Empty(report.ByType);
        Assert.Null(report.SharpeRatio);
    }

    [Fact]
    public async Task Report_TerminatedRowWithoutCloseType_CountsAsRealized()
    {
        // Arrange: a row written around the service (the table allows TERMINATED without a close type).
        await StoreAsync(Closed("a1", "acct_a", pnl: 5m), Closed("a2", "acct_a", pnl: 7m));
        await ExecuteAsync("UPDATE executors SET close_type = NULL, close_timestamp = NULL WHERE executor_id = 'a2'");

        // Act
        var report = await ReportAsync(null, AccountScope.All);

        // Assert: IS DISTINCT FROM 'POSITION_HOLD' keeps it (a plain <> would drop it as NULL).
        Assert.Equal(12m, report.RealizedPnlQuote);
        Assert.Equal(1m, report.WinRate);
    }

    [Fact]
    public async Task Report_Figures_RoundedTo8PlacesWithoutTrailingZeros()
    {
        // Arrange: percentages averaging 1/3, PnL summing to 12.5.
        await StoreAsync(
            Closed("a1", "acct_a", pnl: 12.25m, pct: 1m),
            Closed("a2", "acct_a", pnl: 0.25m, pct: 0m),
            Closed("a3", "acct_a", pnl: 0m, pct: 0m));

        // Act
        var report = await ReportAsync(null, AccountScope.All);

        // Assert
        Assert.Equal(0.33333333m, report.PnlPctAverage);
        Assert.Equal(0.66666667m, report.WinRate);
        Assert.Equal("12.5", report.RealizedPnlQuote.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("12.5", Assert.Single(report.ByType).PnlQuote.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", report.UnrealizedPnlQuote.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Report_ManyExecutorsAtTheEdgeOfTheMoneyRange_SumsFitAndAreExactTo8Places()
    {
        // Arrange: the largest magnitude a report may carry, with every fractional digit a decimal can hold.
        const decimal edge = 999_999_999_999.9999999999999999m;
        await StoreAsync([.. Enumerable.Range(0, 40).Select(i =>
            new ExecutorBuilder($"edge{i}").ForAccount("acct").WithPerformance(edge, 1_000_000m, edge, edge).Terminated(CloseType.TakeProfit).Build())]);

        // Act
        var report = await ReportAsync(null, AccountScope.All);

        // Assert: 40 × edge = 39,999,999,999,999.999999999999996, to 8 places.
        Assert.Equal(40_000_000_000_000m, report.RealizedPnlQuote);
        Assert.Equal(40_000_000_000_000m, report.FeesQuote);
        Assert.Equal(40_000_000_000_000m, report.VolumeQuote);
        Assert.Equal(40_000_000_000_000m, report.GlobalPnlQuote);
        Assert.Equal(1_000_000m, report.PnlPctAverage);
        Assert.Null(report.SharpeRatio);
    }

    [Theory]
    [InlineData("1.0000000000000000000000000001", "1.0000000000000000000000000003", "100000000000000000000")]
    [InlineData("-1.0000000000000000000000000001", "-1.0000000000000000000000000003", "-100000000000000000000")]
    public async Task Report_PnlDifferingOnlyInTheLastDigits_SharpeHeldWithinTenToThe20(string first, string second, string expected)
    {
        // Arrange: a deviation of about 10^-28 against a mean of 1: a ratio near 10^28, beyond what a decimal holds to 4 places.
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        await StoreAsync(
            Closed("a1", "acct_a", pnl: decimal.Parse(first, culture)),
            Closed("a2", "acct_a", pnl: decimal.Parse(second, culture)));

        // Act
        var report = await ReportAsync(null, AccountScope.All);

        // Assert
        Assert.Equal(decimal.Parse(expected, culture), report.SharpeRatio);
    }

    private async Task<ExecutorPerformance> ReportAsync(string? controllerId, AccountScope scope, CapturedCommands? commands = null)
    {
        await using var services = InfrastructureOnDatabase.BuildServices(Database.ConnectionString, services =>
        {
            if (commands is not null)
            {
                services.ConfigureDbContext<ExecutorsDbContext>(options => options.AddInterceptors(commands));
            }
        });
        await using var serviceScope = services.CreateAsyncScope();
        var store = serviceScope.ServiceProvider.GetRequiredService<IExecutorReadStore>();
        return await store.GetPerformanceAsync(controllerId, scope, TestContext.Current.CancellationToken);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static Executor Closed(string id, string? account, decimal pnl, decimal pct = 0m) =>
        new ExecutorBuilder(id).ForAccount(account).WithPerformance(pnl, pct).Terminated(CloseType.TakeProfit).Build();
}
