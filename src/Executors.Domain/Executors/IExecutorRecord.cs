namespace Executors.Domain.Executors;

/// <summary>
/// What every view of an executor shows, whether it comes from the whole aggregate or from a lighter projection of
/// its row (search results). One mapping to the contract serves both.
/// </summary>
public interface IExecutorRecord
{
    string ExecutorId { get; }

    string? ExecutorType { get; }

    string? AccountName { get; }

    string? ConnectorName { get; }

    string? TradingPair { get; }

    ExecutorStatus Status { get; }

    bool IsActive { get; }

    bool IsTrading { get; }

    decimal NetPnlQuote { get; }

    decimal NetPnlPct { get; }

    decimal CumFeesQuote { get; }

    decimal FilledAmountQuote { get; }

    TradeSide? Side { get; }

    DateTimeOffset? Timestamp { get; }

    DateTimeOffset? CreatedAt { get; }

    CloseType? CloseType { get; }

    DateTimeOffset? CloseTimestamp { get; }

    string? ControllerId { get; }

    int ErrorCount { get; }

    string? LastError { get; }
}
