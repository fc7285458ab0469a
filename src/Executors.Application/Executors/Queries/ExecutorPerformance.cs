using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>
/// The performance figures of the executors in a scope (optionally of one controller), as the database computes them.
/// "Completed" is TERMINATED; the "realized" executors are the completed ones not closed as POSITION_HOLD (their
/// position lives on as a position hold and is counted there). Money and ratios are rounded to 8 decimal places, the
/// Sharpe ratio to 4.
/// </summary>
/// <param name="TotalCount">Every executor in scope.</param>
/// <param name="ByStatus">Executors per status (statuses without any are absent).</param>
/// <param name="RealizedPnlQuote">Sum of the realized executors' net PnL.</param>
/// <param name="UnrealizedPnlQuote">Sum of the active (not TERMINATED) executors' net PnL, less the fees of the open position holds.</param>
/// <param name="GlobalPnlQuote">Realized plus unrealized PnL.</param>
/// <param name="PnlPctAverage">Average net PnL percentage of the realized executors; 0 when there are none.</param>
/// <param name="FeesQuote">Sum of the realized executors' cumulative fees.</param>
/// <param name="VolumeQuote">Sum of the realized executors' filled amounts.</param>
/// <param name="WinRate">Share of the realized executors with a positive net PnL, 0–1; 0 when there are none.</param>
/// <param name="SharpeRatio">
/// Mean over sample standard deviation of the realized executors' net PnL; null with fewer than two of them or when the
/// deviation is 0.
/// </param>
/// <param name="ByType">One row per executor type, ordered by type (ordinal); executors without a type under "".</param>
/// <param name="ActivePositions">The open position holds in scope.</param>
public sealed record ExecutorPerformance(
    int TotalCount,
    IReadOnlyDictionary<ExecutorStatus, int> ByStatus,
    decimal RealizedPnlQuote,
    decimal UnrealizedPnlQuote,
    decimal GlobalPnlQuote,
    decimal PnlPctAverage,
    decimal FeesQuote,
    decimal VolumeQuote,
    decimal WinRate,
    decimal? SharpeRatio,
    IReadOnlyList<ExecutorTypePerformance> ByType,
    int ActivePositions);

/// <summary>The figures of one executor type: counts over all its executors, sums over its realized ones.</summary>
public sealed record ExecutorTypePerformance(
    string ExecutorType,
    int Total,
    int Completed,
    int Running,
    decimal PnlQuote,
    decimal VolumeQuote,
    decimal FeesQuote);
