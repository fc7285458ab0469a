using System.Globalization;
using Executors.Domain.Executors;
using Executors.Domain.Positions;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Seeding;

/// <summary>
/// The demo executors <c>./run.sh</c> serves: the reference page's example record under a fixed id, and a few dozen
/// varied ones (every type, status and close type, some with errors). Deterministic, and idempotent to load.
/// </summary>
public static class DemoData
{
    /// <summary>The id under which the reference page's example record is served.</summary>
    public const string ExampleExecutorId = "Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB";

    private const string Base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly string[] Accounts = ["master_account", "hedge_account", "research_account"];
    private static readonly (string Connector, string Pair)[] Markets =
    [
        ("binance_perpetual", "BTC-USDT"), ("binance", "ETH-USDT"), ("kucoin", "SOL-USDT"),
        ("okx_perpetual", "ETH-USDT"), ("hyperliquid_perpetual", "BTC-USD"), ("gate_io", "DOGE-USDT"),
    ];

    /// <summary>The reference page's example, field for field.</summary>
    public static Executor Example()
    {
        var executor = Executor.Create(
            ExampleExecutorId,
            ExecutorTypes.Position,
            "master_account",
            "binance_perpetual",
            "BTC-USDT",
            TradeSide.Buy,
            timestamp: DateTimeOffset.FromUnixTimeSeconds(1705315800),
            createdAt: DateTimeOffset.Parse("2024-01-15T10:30:00Z", CultureInfo.InvariantCulture));
        executor.Start();
        executor.ReportPerformance(netPnlQuote: 125.5m, netPnlPct: 2.5m, cumFeesQuote: 1.25m, filledAmountQuote: 5000m, isTrading: true);
        return executor;
    }

    public static IReadOnlyList<Executor> All()
    {
        var random = new Random(20240115);
        var executors = new List<Executor> { Example() };
        var statuses = Enum.GetValues<ExecutorStatus>();
        var closeTypes = Enum.GetValues<CloseType>();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 40; i++)
        {
            var type = ExecutorTypes.All[i % ExecutorTypes.All.Count];
            var (connector, pair) = Markets[i % Markets.Length];
            var created = start.AddHours(i * 37 + random.Next(0, 30));
            var side = type is ExecutorTypes.Lp or ExecutorTypes.Grid ? TradeSide.Range : (i % 2 == 0 ? TradeSide.Buy : TradeSide.Sell);
            var executor = Executor.Create(
                RandomId(random),
                type,
                Accounts[i % Accounts.Length],
                connector,
                pair,
                side,
                controllerId: i % 3 == 0 ? null : $"controller_{i % 5}",
                timestamp: created.AddSeconds(random.Next(0, 600)),
                createdAt: created,
                config: ConfigFor(type, connector, pair, side, i),
                customInfo: i % 4 == 0 ? null : $$"""{"level_id": "L{{i % 3}}", "current_position_average_price": {{(1000 + i * 13.5m).ToString(CultureInfo.InvariantCulture)}}}""");

            var status = statuses[i % statuses.Length];
            if (status >= ExecutorStatus.Running)
            {
                executor.Start();
                var filled = Math.Round((decimal)random.NextDouble() * 20_000m, 2);
                var pnlPct = Math.Round((decimal)(random.NextDouble() * 10 - 4), 4);
                executor.ReportPerformance(
                    netPnlQuote: Math.Round(filled * pnlPct / 100m, 6),
                    netPnlPct: pnlPct,
                    cumFeesQuote: Math.Round(filled * 0.0004m, 6),
                    filledAmountQuote: filled,
                    isTrading: status == ExecutorStatus.Running && i % 5 != 0);
            }

            if (i % 6 == 1)
            {
                executor.RecordError(created.AddMinutes(5), "Order rejected: insufficient margin", "InsufficientFunds: margin ratio 0.92");
                executor.RecordError(created.AddMinutes(9), "Connector timeout while fetching order book", "asyncio.TimeoutError");
            }

            if (status >= ExecutorStatus.ShuttingDown)
            {
                executor.BeginShutdown();
            }

            if (status == ExecutorStatus.Terminated)
            {
                var closeType = closeTypes[i % closeTypes.Length];
                if (closeType == CloseType.PositionHold)
                {
                    // Stopped with keep_position: the report says what it leaves open (docs/contract.md, "Position holds").
                    executor.UpdateCustomInfo($$"""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": "0.5", "executed_amount_quote": "{{(500 + i * 6.75m).ToString(CultureInfo.InvariantCulture)}}", "cumulative_fee_paid_quote": "0.2"}]}""");
                }

                executor.Terminate(closeType, created.AddHours(6 + i % 12));
            }

            executors.Add(executor);
        }

        return executors;
    }

    /// <summary>The engine the demo's started executors were "run by" before the demo began: it stopped reporting.</summary>
    public const string SeedEngineId = "demo-seed";

    /// <summary>
    /// Adds the demo executors that are not stored yet; returns how many were added. The started, not yet TERMINATED
    /// ones (RUNNING, SHUTTING_DOWN) are given a lease of <see cref="SeedEngineId"/> that has already run out — as if
    /// the engine that ran them had stopped reporting — so that an engine (./run.sh starts the sample one) claims and
    /// resumes them: a claim takes NOT_STARTED executors and those whose lease ran out, never a started one without a
    /// lease. Leases are added also to demo executors stored by an earlier seed, but never over a lease an engine holds.
    /// </summary>
    public static async Task<int> SeedAsync(ExecutorsDbContext db, CancellationToken cancellationToken, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = (clock ?? TimeProvider.System).GetUtcNow();

        var demo = All();
        var ids = demo.Select(executor => executor.ExecutorId).ToList();
        var existing = await db.Executors.Where(executor => ids.Contains(executor.ExecutorId))
            .Select(executor => executor.ExecutorId)
            .ToListAsync(cancellationToken);
        var missing = demo.Where(executor => !existing.Contains(executor.ExecutorId)).ToList();
        db.Executors.AddRange(missing);
        db.ExecutorLogs.AddRange(missing.SelectMany(LogOf));

        // What the POSITION_HOLD executors among them leave open, as their terminal reports would have folded it.
        foreach (var executor in missing)
        {
            if (executor.TakeHeldPosition() is not { Fills.Count: > 0 } held)
            {
                continue;
            }

            var key = held.Key;
            var position = db.PositionHolds.Local.FirstOrDefault(hold => hold.Key == key)
                ?? await db.PositionHolds.FirstOrDefaultAsync(
                    hold => hold.AccountName == key.AccountName && hold.ConnectorName == key.ConnectorName
                        && hold.TradingPair == key.TradingPair && hold.ControllerId == key.ControllerId,
                    cancellationToken)
                ?? db.PositionHolds.Add(PositionHold.Open(key)).Entity;
            position.Hold(held, executor.State.CloseTimestamp ?? DateTimeOffset.UtcNow);
        }

        await db.SaveChangesAsync(cancellationToken);
        await LeaseToSeedEngineAsync(db, ids, now, cancellationToken);
        return missing.Count;
    }

    /// <summary>Expired leases of <see cref="SeedEngineId"/> on the started, active demo executors that have none.</summary>
    private static Task<int> LeaseToSeedEngineAsync(ExecutorsDbContext db, List<string> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimedAt = now.AddMinutes(-10);
        var expiredAt = now.AddMinutes(-5);
        var notStarted = WireCodes.ToCode(ExecutorStatus.NotStarted);
        var terminated = WireCodes.ToCode(ExecutorStatus.Terminated);
        var idArray = ids.ToArray();
        return db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO executor_leases (executor_id, engine_id, claimed_at, lease_expires_at)
            SELECT e.executor_id, {SeedEngineId}, {claimedAt}, {expiredAt}
            FROM executors AS e
            WHERE e.executor_id = ANY({idArray}) AND e.status <> {notStarted} AND e.status <> {terminated}
            ON CONFLICT (executor_id) DO NOTHING
            """,
            cancellationToken);
    }

    /// <summary>A short log per demo executor: its start, and its recorded errors as ERROR entries.</summary>
    private static IEnumerable<ExecutorLogEntry> LogOf(Executor executor)
    {
        var start = executor.State.Timestamp ?? executor.State.CreatedAt ?? DateTimeOffset.UnixEpoch;
        yield return ExecutorLogEntry.Create(executor.ExecutorId, start, ExecutorLogLevel.Info, "Executor created.", null);
        if (executor.State.Status >= ExecutorStatus.Running)
        {
            yield return ExecutorLogEntry.Create(executor.ExecutorId, start.AddSeconds(1), ExecutorLogLevel.Info, $"Placing orders on {executor.State.ConnectorName} {executor.State.TradingPair}.", null);
        }

        foreach (var error in executor.ErrorLog)
        {
            yield return ExecutorLogEntry.Create(executor.ExecutorId, error.Timestamp, ExecutorLogLevel.Error, error.Message, error.ExceptionInfo);
        }
    }

    private static string RandomId(Random random) =>
        string.Create(44, random, (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base58[rng.Next(Base58.Length)];
            }
        });

    /// <summary>
    /// A config of <paramref name="type"/> shaped as Hummingbot's engine writes it (decimals as strings, enums by name):
    /// valid under the type's model (<see cref="Executors.Domain.Executors.Configs.ExecutorConfigSchemas"/>).
    /// </summary>
    private static string ConfigFor(string type, string connector, string pair, TradeSide side, int i)
    {
        var sideCode = WireCodes.ToCode(side);
        var amount = Number(0.01m * (i + 1));
        var price = 1000m + i * 13.5m;
        var leverage = 1 + i % 10;
        var common = $$"""
            "type": "{{type}}", "timestamp": {{1705315800 + i * 3600}}, "controller_id": "main"
            """;
        return type switch
        {
            ExecutorTypes.Grid => $$"""
                { {{common}}, "connector_name": "{{connector}}", "trading_pair": "{{pair}}",
                 "start_price": "{{Number(price * 0.95m)}}", "end_price": "{{Number(price * 1.05m)}}", "limit_price": "{{Number(price * 0.9m)}}",
                 "side": "{{sideCode}}", "total_amount_quote": "{{Number(100m * (i + 1))}}", "max_open_orders": 5, "leverage": {{leverage}},
                 "triple_barrier_config": {"take_profit": "0.001", "open_order_type": "LIMIT_MAKER", "take_profit_order_type": "LIMIT_MAKER"},
                 "keep_position": {{(i % 2 == 0 ? "true" : "false")}} }
                """,
            ExecutorTypes.Dca => $$"""
                { {{common}}, "connector_name": "{{connector}}", "trading_pair": "{{pair}}", "side": "{{sideCode}}", "leverage": {{leverage}},
                 "amounts_quote": ["10", "20", "40"], "prices": ["{{Number(price)}}", "{{Number(price * 0.98m)}}", "{{Number(price * 0.96m)}}"],
                 "take_profit": "0.02", "stop_loss": "0.05", "time_limit": 86400, "mode": "MAKER" }
                """,
            ExecutorTypes.Twap => $$"""
                { {{common}}, "connector_name": "{{connector}}", "trading_pair": "{{pair}}", "side": "{{sideCode}}", "leverage": {{leverage}},
                 "total_amount_quote": "{{Number(100m * (i + 1))}}", "total_duration": 600, "order_interval": 60, "mode": "TAKER" }
                """,
            ExecutorTypes.Arbitrage => $$"""
                { {{common}}, "buying_market": {"connector_name": "{{connector}}", "trading_pair": "{{pair}}"},
                 "selling_market": {"connector_name": "kucoin", "trading_pair": "{{pair}}"}, "order_amount": "{{amount}}",
                 "min_profitability": "0.004", "gas_conversion_price": null }
                """,
            ExecutorTypes.Xemm => $$"""
                { {{common}}, "buying_market": {"connector_name": "kucoin", "trading_pair": "{{pair}}"},
                 "selling_market": {"connector_name": "{{connector}}", "trading_pair": "{{pair}}"}, "maker_side": "{{sideCode}}",
                 "order_amount": "{{amount}}", "min_profitability": "0.002", "target_profitability": "0.004", "max_profitability": "0.01" }
                """,
            ExecutorTypes.Order => $$"""
                { {{common}}, "trading_pair": "{{pair}}", "connector_name": "{{connector}}", "side": "{{sideCode}}", "amount": "{{amount}}",
                 "position_action": "OPEN", "price": "{{Number(price)}}", "execution_strategy": "LIMIT_MAKER", "leverage": {{leverage}} }
                """,
            ExecutorTypes.Lp => $$"""
                { {{common}}, "connector_name": "solana-mainnet-beta", "lp_provider": "meteora/clmm", "pool_address": "{{PoolAddress(i)}}",
                 "trading_pair": "SOL-USDC", "lower_price": "80", "upper_price": "100", "base_amount": "0", "quote_amount": "{{Number(10m * (i + 1))}}",
                 "side": "{{sideCode}}", "extra_params": {"strategyType": 0}, "keep_position": false }
                """,
            _ => $$"""
                { {{common}}, "connector_name": "{{connector}}", "trading_pair": "{{pair}}", "side": "{{sideCode}}",
                 "amount": "{{amount}}", "leverage": {{leverage}},
                 "triple_barrier_config": {"stop_loss": "0.03", "take_profit": "0.02", "time_limit": 2700, "trailing_stop": null,
                                           "open_order_type": "LIMIT", "take_profit_order_type": "MARKET"} }
                """,
        };
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Solana-style pool address (base58), fixed per demo executor.</summary>
    private static string PoolAddress(int i) => RandomId(new Random(i));
}
