using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutorsSummary;

/// <summary>Summary of the executors, computed by the database.</summary>
public sealed class ExecutorsSummaryResponse
{
    /// <summary>Number of executors, active or not</summary>
    [JsonPropertyName("total_executors")]
    public required int TotalExecutors { get; init; }

    /// <summary>Number of active executors</summary>
    [JsonPropertyName("total_active")]
    public required int TotalActive { get; init; }

    /// <summary>Total PnL across active executors (rounded to 8 decimal places)</summary>
    [JsonPropertyName("total_pnl_quote")]
    public required decimal TotalPnlQuote { get; init; }

    /// <summary>Total volume across active executors (rounded to 8 decimal places)</summary>
    [JsonPropertyName("total_volume_quote")]
    public required decimal TotalVolumeQuote { get; init; }

    /// <summary>Active executor count by type (executors without one under the empty key "")</summary>
    [JsonPropertyName("by_type")]
    public required IReadOnlyDictionary<string, int> ByType { get; init; }

    /// <summary>Active executor count by connector (executors without one under the empty key "", which no connector name can be)</summary>
    [JsonPropertyName("by_connector")]
    public required IReadOnlyDictionary<string, int> ByConnector { get; init; }

    /// <summary>Active executor count by status (TERMINATED executors are counted only in total_executors)</summary>
    [JsonPropertyName("by_status")]
    public required IReadOnlyDictionary<string, int> ByStatus { get; init; }
}
