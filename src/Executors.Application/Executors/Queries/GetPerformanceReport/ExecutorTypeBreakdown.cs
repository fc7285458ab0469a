using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetPerformanceReport;

/// <summary>Performance of one executor type: counts over all its executors, money over its completed ones (position holds aside).</summary>
public sealed class ExecutorTypeBreakdown
{
    /// <summary>Executor type ("" for executors without one)</summary>
    [JsonPropertyName("executor_type")]
    public required string ExecutorType { get; init; }

    /// <summary>Number of executors of this type</summary>
    [JsonPropertyName("total")]
    public required int Total { get; init; }

    /// <summary>Completed (TERMINATED) executors</summary>
    [JsonPropertyName("completed")]
    public required int Completed { get; init; }

    /// <summary>Active (not TERMINATED) executors</summary>
    [JsonPropertyName("running")]
    public required int Running { get; init; }

    /// <summary>Net PnL of the completed executors, position holds aside (rounded to 8 decimal places)</summary>
    [JsonPropertyName("pnl_quote")]
    public required decimal PnlQuote { get; init; }

    /// <summary>Filled volume of the completed executors, position holds aside (rounded to 8 decimal places)</summary>
    [JsonPropertyName("volume_quote")]
    public required decimal VolumeQuote { get; init; }

    /// <summary>Cumulative fees of the completed executors, position holds aside (rounded to 8 decimal places)</summary>
    [JsonPropertyName("fees_quote")]
    public required decimal FeesQuote { get; init; }
}
