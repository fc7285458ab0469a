using System.Globalization;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Infrastructure;

internal static class TestExecutors
{
    /// <summary>A TERMINATED grid executor with every field set: side, controller, both timestamps, JSON, two errors.</summary>
    public static Executor FullyPopulated(string executorId)
    {
        var executor = Executor.Create(
            executorId, ExecutorTypes.Grid, "hedge_account", "okx_perpetual", "ETH-USDT", TradeSide.Range,
            controllerId: "grid_controller_7",
            timestamp: DateTimeOffset.FromUnixTimeMilliseconds(1705315800250),
            createdAt: new DateTimeOffset(2024, 1, 15, 12, 30, 0, TimeSpan.FromHours(2)),
            config: """{"type": "grid_executor", "levels": [1, 2.5, {"deep": null}], "leverage": 20, "name": "é€"}""",
            customInfo: """{"open_orders": 3, "avg_price": 2301.125}""");
        executor.Start();
        executor.ReportPerformance(-12.345678901234567890m, -0.61m, 3.5m, 2024.75m, isTrading: true);
        executor.RecordError(DateTimeOffset.Parse("2024-01-15T11:00:00Z", CultureInfo.InvariantCulture), "first failure", "ValueError: boom");
        executor.RecordError(DateTimeOffset.Parse("2024-01-15T11:05:00Z", CultureInfo.InvariantCulture), "Order rejected", null);
        executor.BeginShutdown();
        executor.Terminate(CloseType.EarlyStop, DateTimeOffset.FromUnixTimeSeconds(1705320000));
        return executor;
    }
}
