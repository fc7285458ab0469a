namespace Executors.Domain.Executors;

/// <summary>
/// An executor's whole current state as the trading engine reports it. <see cref="Executor.FromReport"/> registers a
/// new executor in that state; <see cref="Executor.Apply"/> moves an existing one to it, if the life cycle allows.
/// </summary>
public sealed record ExecutorReport
{
    public string? ExecutorType { get; init; }

    public string? AccountName { get; init; }

    public string? ConnectorName { get; init; }

    public string? TradingPair { get; init; }

    public ExecutorStatus Status { get; init; }

    public bool IsTrading { get; init; }

    public decimal NetPnlQuote { get; init; }

    public decimal NetPnlPct { get; init; }

    public decimal CumFeesQuote { get; init; }

    public decimal FilledAmountQuote { get; init; }

    public TradeSide? Side { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public CloseType? CloseType { get; init; }

    public DateTimeOffset? CloseTimestamp { get; init; }

    public string? ControllerId { get; init; }

    /// <summary>A JSON object, or <see langword="null"/>.</summary>
    public string? Config { get; init; }

    /// <summary>A JSON object, or <see langword="null"/>.</summary>
    public string? CustomInfo { get; init; }
}
