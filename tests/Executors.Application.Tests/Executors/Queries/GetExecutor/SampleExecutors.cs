using Executors.Domain.Executors;

namespace Executors.Application.Tests.Executors.Queries.GetExecutor;

/// <summary>
/// The two aggregates the mapping tests map, with the values they assert on: one with every field filled in, one with
/// only an id. Built with <see cref="ExecutorBuilder"/>, whose defaults supply the position executor on BTC-USDT.
/// </summary>
internal static class SampleExecutors
{
    public const string FullId = "4wq8ZAd2bRJ3A8jKPzzZWx9Vz1Uu3BVo4mCnYJyGSK8y";
    public const string MinimalId = "minimal-1";

    public const string Config =
        """{"id":"4wq8ZAd2bRJ3A8jKPzzZWx9Vz1Uu3BVo4mCnYJyGSK8y","type":"position_executor","connector_name":"binance_perpetual","trading_pair":"BTC-USDT","side":"SELL","amount":"0.01","leverage":20,"triple_barrier_config":{"stop_loss":"0.03","take_profit":"0.02","time_limit":2700},"tags":["scalp",null,1.5,true]}""";

    public const string CustomInfo = """{"level_id":"L1","current_retries":0,"close_price":"42123.45"}""";

    /// <summary>2024-01-15T10:30:00.25Z given as 12:30:00.25+02:00; Unix 1705314600.25.</summary>
    public static readonly DateTimeOffset Timestamp = new(2024, 1, 15, 12, 30, 0, 250, TimeSpan.FromHours(2));

    /// <summary>2024-01-15T10:30:00Z given as 12:30:00+02:00.</summary>
    public static readonly DateTimeOffset CreatedAt = new(2024, 1, 15, 12, 30, 0, TimeSpan.FromHours(2));

    /// <summary>2024-01-15T11:15:30.5Z; Unix 1705317330.5.</summary>
    public static readonly DateTimeOffset ClosedAt = new(2024, 1, 15, 11, 15, 30, 500, TimeSpan.Zero);

    /// <summary>TERMINATED by a stop loss, with performance, controller, config, custom info and two errors.</summary>
    public static Executor Full() =>
        new ExecutorBuilder(FullId)
            .WithSide(TradeSide.Sell).ForController("momentum_controller_1")
            .At(Timestamp).CreatedAt(CreatedAt)
            .WithConfig(Config).WithCustomInfo(CustomInfo)
            .WithPerformance(-12.3456789m, -0.0123m, 0.4321m, 1000.5m, isTrading: true)
            .WithError(Timestamp.AddMinutes(20), "Order rejected: price out of range", "ValueError: price")
            .WithError(Timestamp.AddMinutes(10), "Rate limit hit")
            .Terminated(CloseType.StopLoss, ClosedAt)
            .Build();

    /// <summary>Freshly created with nothing but an id.</summary>
    public static Executor Minimal() => ExecutorBuilder.Bare(MinimalId).Build();
}
