using Executors.Domain.Executors;

namespace Executors.Testing;

/// <summary>
/// The one way tests make an executor: a running Hummingbot-style position executor on BTC-USDT unless told otherwise,
/// built through the aggregate's own methods (<see cref="Executor.Create"/>, then the life-cycle moves), so that it is
/// always one the domain allows.
/// </summary>
/// <example><c>new ExecutorBuilder("a1").ForAccount("alice").Terminated(CloseType.StopLoss).Build()</c></example>
public sealed class ExecutorBuilder
{
    /// <summary>A Hummingbot-style id: 44 base58 characters.</summary>
    public const string DefaultId = "4wq8ZAd2bRJ3A8jKPzzZWx9Vz1Uu3BVo4mCnYJyGSK8y";

    /// <summary>
    /// The config of <see cref="FullyPopulated"/>: a valid grid config (<see cref="HummingbotConfigs"/>'s rules) with keys
    /// of its own the model ignores — nesting, nulls, a non-integral number and non-ASCII text.
    /// </summary>
    public const string FullyPopulatedConfig =
        """{"type": "grid_executor", "connector_name": "okx_perpetual", "trading_pair": "ETH-USDT", "start_price": "2200", "end_price": "2400", "limit_price": "2150", "side": "BUY", "total_amount_quote": "2000", "triple_barrier_config": {"take_profit": "0.002", "open_order_type": "LIMIT_MAKER"}, "levels": [1, 2.5, {"deep": null}], "leverage": 20, "name": "é€"}""";

    /// <summary>2024-01-15T10:30:00Z, the engine timestamp unless told otherwise.</summary>
    public static readonly DateTimeOffset Started = new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private readonly List<(DateTimeOffset At, string Message, string? ExceptionInfo)> _errors = [];
    private string _id;
    private string? _type = ExecutorTypes.Position;
    private string? _account = "master_account";
    private string? _connector = "binance_perpetual";
    private string? _pair = "BTC-USDT";
    private TradeSide? _side;
    private string? _controller;
    private DateTimeOffset? _timestamp = Started;
    private DateTimeOffset? _createdAt;
    private string? _config;
    private string? _customInfo;
    private ExecutorStatus _status = ExecutorStatus.NotStarted;
    private CloseType _closeType = CloseType.Completed;
    private DateTimeOffset? _closedAt;
    private (decimal NetPnlQuote, decimal NetPnlPct, decimal CumFeesQuote, decimal FilledAmountQuote, bool IsTrading)? _performance;

    public ExecutorBuilder(string id = DefaultId) => _id = id;

    /// <summary>Nothing but the id: no type, account, connector, pair or timestamp (all optional in the contract).</summary>
    public static ExecutorBuilder Bare(string id) =>
        new ExecutorBuilder(id).OfType(null).ForAccount(null).OnConnector(null).ForPair(null).At(null);

    /// <summary>
    /// A TERMINATED grid executor with every field set: side, controller, both timestamps (not in UTC), JSON with
    /// nesting, nulls and non-ASCII text, a negative PnL with more digits than a double holds, two errors.
    /// </summary>
    public static ExecutorBuilder FullyPopulated(string id) =>
        new ExecutorBuilder(id)
            .OfType(ExecutorTypes.Grid).ForAccount("hedge_account").OnConnector("okx_perpetual").ForPair("ETH-USDT")
            .WithSide(TradeSide.Range).ForController("grid_controller_7")
            .At(DateTimeOffset.FromUnixTimeMilliseconds(1705315800250))
            .CreatedAt(new DateTimeOffset(2024, 1, 15, 12, 30, 0, TimeSpan.FromHours(2)))
            .WithConfig(FullyPopulatedConfig)
            .WithCustomInfo("""{"open_orders": 3, "avg_price": 2301.125}""")
            .WithPerformance(-12.345678901234567890m, -0.61m, 3.5m, 2024.75m, isTrading: true)
            .WithError(new DateTimeOffset(2024, 1, 15, 11, 0, 0, TimeSpan.Zero), "first failure", "ValueError: boom")
            .WithError(new DateTimeOffset(2024, 1, 15, 11, 5, 0, TimeSpan.Zero), "Order rejected")
            .Terminated(CloseType.EarlyStop, DateTimeOffset.FromUnixTimeSeconds(1705320000));

    public ExecutorBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public ExecutorBuilder OfType(string? executorType)
    {
        _type = executorType;
        return this;
    }

    public ExecutorBuilder ForAccount(string? accountName)
    {
        _account = accountName;
        return this;
    }

    public ExecutorBuilder OnConnector(string? connectorName)
    {
        _connector = connectorName;
        return this;
    }

    public ExecutorBuilder ForPair(string? tradingPair)
    {
        _pair = tradingPair;
        return this;
    }

    public ExecutorBuilder WithSide(TradeSide? side)
    {
        _side = side;
        return this;
    }

    public ExecutorBuilder ForController(string? controllerId)
    {
        _controller = controllerId;
        return this;
    }

    /// <summary>The engine's timestamp.</summary>
    public ExecutorBuilder At(DateTimeOffset? timestamp)
    {
        _timestamp = timestamp;
        return this;
    }

    public ExecutorBuilder CreatedAt(DateTimeOffset? createdAt)
    {
        _createdAt = createdAt;
        return this;
    }

    public ExecutorBuilder WithConfig(string? json)
    {
        _config = json;
        return this;
    }

    public ExecutorBuilder WithCustomInfo(string? json)
    {
        _customInfo = json;
        return this;
    }

    /// <summary>
    /// The life-cycle status, reached from NOT_STARTED through the aggregate's moves (TERMINATED: as by
    /// <see cref="Terminated"/> with its defaults).
    /// </summary>
    public ExecutorBuilder WithStatus(ExecutorStatus status)
    {
        _status = status;
        return this;
    }

    /// <summary>TERMINATED, closed as given (by default COMPLETED an hour after <see cref="Started"/>).</summary>
    public ExecutorBuilder Terminated(CloseType closeType = CloseType.Completed, DateTimeOffset? closedAt = null)
    {
        _status = ExecutorStatus.Terminated;
        _closeType = closeType;
        _closedAt = closedAt;
        return this;
    }

    /// <summary>The engine's performance figures, reported while the executor runs (so it is at least RUNNING).</summary>
    public ExecutorBuilder WithPerformance(decimal netPnlQuote, decimal netPnlPct = 0m, decimal cumFeesQuote = 0m, decimal filledAmountQuote = 0m, bool isTrading = false)
    {
        _performance = (netPnlQuote, netPnlPct, cumFeesQuote, filledAmountQuote, isTrading);
        return this;
    }

    /// <summary>An ERROR entry, recorded before any close.</summary>
    public ExecutorBuilder WithError(DateTimeOffset at, string message, string? exceptionInfo = null)
    {
        _errors.Add((at, message, exceptionInfo));
        return this;
    }

    public Executor Build()
    {
        var executor = Executor.Create(_id, _type, _account, _connector, _pair, _side, _controller, _timestamp, _createdAt, _config, _customInfo);
        if (_status == ExecutorStatus.Running || _performance is not null)
        {
            executor.Start();
        }

        if (_performance is { } performance)
        {
            executor.ReportPerformance(performance.NetPnlQuote, performance.NetPnlPct, performance.CumFeesQuote, performance.FilledAmountQuote, performance.IsTrading);
        }

        foreach (var (at, message, exceptionInfo) in _errors)
        {
            executor.RecordError(at, message, exceptionInfo);
        }

        switch (_status)
        {
            case ExecutorStatus.ShuttingDown:
                executor.BeginShutdown();
                break;
            case ExecutorStatus.Terminated:
                executor.Terminate(_closeType, _closedAt ?? Started.AddHours(1));
                break;
        }

        return executor;
    }
}
