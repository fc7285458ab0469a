using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetPerformanceReport;

/// <summary>
/// Performance of the executors the caller may see, optionally of one controller, computed by the database.
/// "Completed" executors are TERMINATED ones; realized figures leave out those closed as POSITION_HOLD, whose position
/// is still held (so it is not counted twice).
/// </summary>
public sealed class PerformanceReportResponse
{
    /// <summary>The controller the report is limited to (null: every controller)</summary>
    [JsonPropertyName("controller_id")]
    public required string? ControllerId { get; init; }

    /// <summary>Number of executors</summary>
    [JsonPropertyName("total_executors")]
    public required int TotalExecutors { get; init; }

    /// <summary>Executor count by status</summary>
    [JsonPropertyName("by_status")]
    public required IReadOnlyDictionary<string, int> ByStatus { get; init; }

    /// <summary>Realized PnL: net PnL of the completed executors, position holds aside (rounded to 8 decimal places)</summary>
    [JsonPropertyName("pnl_total_quote")]
    public required decimal PnlTotalQuote { get; init; }

    /// <summary>Unrealized PnL: net PnL of the active executors, less the fees the open position holds paid (rounded to 8 decimal places)</summary>
    [JsonPropertyName("unrealized_pnl_quote")]
    public required decimal UnrealizedPnlQuote { get; init; }

    /// <summary>Realized plus unrealized PnL (rounded to 8 decimal places)</summary>
    [JsonPropertyName("global_pnl_quote")]
    public required decimal GlobalPnlQuote { get; init; }

    /// <summary>Average net PnL percentage of the completed executors, position holds aside; 0 when there are none (rounded to 8 decimal places)</summary>
    [JsonPropertyName("pnl_pct_avg")]
    public required decimal PnlPctAvg { get; init; }

    /// <summary>Cumulative fees of the completed executors, position holds aside (rounded to 8 decimal places)</summary>
    [JsonPropertyName("fees_total_quote")]
    public required decimal FeesTotalQuote { get; init; }

    /// <summary>Filled volume of the completed executors, position holds aside (rounded to 8 decimal places)</summary>
    [JsonPropertyName("volume_total_quote")]
    public required decimal VolumeTotalQuote { get; init; }

    /// <summary>Share of the completed executors, position holds aside, with a positive net PnL, 0–1; 0 when there are none (rounded to 8 decimal places)</summary>
    [JsonPropertyName("win_rate")]
    public required decimal WinRate { get; init; }

    /// <summary>Mean over sample standard deviation of the completed executors' net PnL, position holds aside (rounded to 4 decimal places); null with fewer than two or no deviation</summary>
    [JsonPropertyName("sharpe_ratio")]
    public required decimal? SharpeRatio { get; init; }

    /// <summary>Performance by executor type, ordered by type (executors without one under "")</summary>
    [JsonPropertyName("by_type")]
    public required IReadOnlyList<ExecutorTypeBreakdown> ByType { get; init; }

    /// <summary>Number of open position holds (with volume) of the executors in scope</summary>
    [JsonPropertyName("active_positions")]
    public required int ActivePositions { get; init; }
}
