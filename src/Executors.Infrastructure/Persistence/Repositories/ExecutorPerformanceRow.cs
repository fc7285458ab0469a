using System.ComponentModel.DataAnnotations.Schema;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>The one row of <see cref="ExecutorPerformanceSql"/>: totals as columns, the breakdowns as JSON text.</summary>
internal sealed class ExecutorPerformanceRow
{
    [Column("total_count")]
    public int TotalCount { get; init; }

    /// <summary>A JSON object: status code → count.</summary>
    [Column("by_status")]
    public required string ByStatus { get; init; }

    [Column("realized_pnl_quote")]
    public decimal RealizedPnlQuote { get; init; }

    [Column("unrealized_pnl_quote")]
    public decimal UnrealizedPnlQuote { get; init; }

    [Column("global_pnl_quote")]
    public decimal GlobalPnlQuote { get; init; }

    [Column("pnl_pct_average")]
    public decimal PnlPctAverage { get; init; }

    [Column("fees_quote")]
    public decimal FeesQuote { get; init; }

    [Column("volume_quote")]
    public decimal VolumeQuote { get; init; }

    [Column("win_rate")]
    public decimal WinRate { get; init; }

    [Column("sharpe_ratio")]
    public decimal? SharpeRatio { get; init; }

    /// <summary>A JSON array of objects with the wire names of <see cref="Application.Executors.Queries.GetPerformanceReport.ExecutorTypeBreakdown"/>.</summary>
    [Column("by_type")]
    public required string ByType { get; init; }

    [Column("active_positions")]
    public int ActivePositions { get; init; }
}
