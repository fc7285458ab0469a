using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>
/// An executor as a list shows it: every field of the record but its configuration and custom information, read
/// straight from the row without loading the aggregate. <see cref="SortAt"/> is its place in the list order.
/// </summary>
public sealed record ExecutorListRow
{
    public required string ExecutorId { get; init; }

    public string? ExecutorType { get; init; }

    public string? AccountName { get; init; }

    public string? ConnectorName { get; init; }

    public string? TradingPair { get; init; }

    public ExecutorStatus Status { get; init; }

    public bool IsActive => Status != ExecutorStatus.Terminated;

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

    public int ErrorCount { get; init; }

    public string? LastError { get; init; }

    /// <summary>The list order's key: <see cref="CreatedAt"/>, or the earliest instant when it is unknown.</summary>
    public DateTimeOffset SortAt { get; init; }
}
