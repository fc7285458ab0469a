using System.Globalization;
using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>
/// The performance report's one statement: every figure of <see cref="ExecutorPerformance"/> from one scan of the
/// executors in scope, as of one snapshot, in one round trip. It returns one row (<see cref="ExecutorPerformanceRow"/>):
/// the totals as columns, the counts by status and the rows by type as JSON.
/// </summary>
/// <remarks>
/// <para>
/// The executors in scope are the search's (<see cref="ExecutorSearchSql.Matching"/>): the caller's accounts, and the
/// controller when one is given. "Completed" is TERMINATED; "realized" is completed and not closed as POSITION_HOLD
/// (<c>IS DISTINCT FROM</c>: a completed executor always has a close type, but a row written around the service might
/// not, and it then counts as realized). The money columns are NOT NULL, so no sum or average skips a row.
/// </para>
/// <para>
/// Rounding, as the summary's totals: money and ratios to 8 decimal places while below 10^20 in magnitude, whole
/// units beyond (an exact sum of many amounts near the 10^12 bound could outgrow what a decimal holds), trailing zeros
/// trimmed. The Sharpe ratio is rounded to 4 places and held within ±10^20: a deviation so small next to the mean
/// (values that differ in their 28th digit) says nothing more at 10^28 than at 10^20, and a decimal could not hold it.
/// </para>
/// <para>
/// Position holds join the report as the original's do: those with volume in scope (the same accounts and controller)
/// are <c>active_positions</c>, and the fees they paid are taken off the unrealized PnL (their price moves are not: the
/// service holds no market prices, so they are left out, as the original leaves out a position it has no rate for).
/// Their fills are not in the realized PnL: the executors that left them closed as POSITION_HOLD.
/// </para>
/// </remarks>
internal static class ExecutorPerformanceSql
{
    /// <summary>Beyond this magnitude a total is rounded to whole units (see remarks).</summary>
    private const string LargeTotal = "1e20";

    private static readonly string Terminated = WireCodes.ToCode(ExecutorStatus.Terminated);
    private static readonly string PositionHold = WireCodes.ToCode(CloseType.PositionHold);

    /// <summary>The statement and its parameters for the executors of <paramref name="controllerId"/> (any when null) within <paramref name="scope"/>.</summary>
    public static (string Sql, object[] Parameters) For(string? controllerId, AccountScope scope)
    {
        var matching = ExecutorSearchSql.For(new ExecutorFilter { ControllerIds = controllerId is null ? [] : [controllerId] }, scope);
        var sql = $"""
            WITH scoped AS (
                SELECT m.executor_type, m.status, m.net_pnl_quote, m.net_pnl_pct, m.cum_fees_quote, m.filled_amount_quote,
                       m.status = '{Terminated}' AS completed,
                       m.status = '{Terminated}' AND m.close_type IS DISTINCT FROM '{PositionHold}' AS realized
                FROM ({matching.Matching}) AS m
            ),
            totals AS (
                SELECT count(*)::int AS total_count,
                       count(*) FILTER (WHERE realized) AS realized_count,
                       count(*) FILTER (WHERE realized AND net_pnl_quote > 0) AS wins,
                       coalesce(sum(net_pnl_quote) FILTER (WHERE realized), 0) AS realized_pnl,
                       coalesce(sum(cum_fees_quote) FILTER (WHERE realized), 0) AS fees,
                       coalesce(sum(filled_amount_quote) FILTER (WHERE realized), 0) AS volume,
                       coalesce(avg(net_pnl_pct) FILTER (WHERE realized), 0) AS pnl_pct_avg,
                       avg(net_pnl_quote) FILTER (WHERE realized) AS pnl_mean,
                       stddev_samp(net_pnl_quote) FILTER (WHERE realized) AS pnl_deviation,
                       coalesce(sum(net_pnl_quote) FILTER (WHERE NOT completed), 0) AS active_pnl
                FROM scoped
            ),
            statuses AS (
                SELECT coalesce(jsonb_object_agg(s.status, s.count), jsonb_build_object()) AS by_status
                FROM (SELECT status, count(*) AS count FROM scoped GROUP BY status) AS s
            ),
            types AS (
                SELECT coalesce(jsonb_agg(jsonb_build_object(
                           'executor_type', t.executor_type, 'total', t.total, 'completed', t.completed, 'running', t.running,
                           'pnl_quote', {Rounded("t.pnl", 8)}, 'volume_quote', {Rounded("t.volume", 8)}, 'fees_quote', {Rounded("t.fees", 8)})
                           ORDER BY t.executor_type COLLATE "C"), jsonb_build_array()) AS by_type
                FROM (
                    SELECT coalesce(executor_type, '') AS executor_type,
                           count(*) AS total,
                           count(*) FILTER (WHERE completed) AS completed,
                           count(*) FILTER (WHERE NOT completed) AS running,
                           coalesce(sum(net_pnl_quote) FILTER (WHERE realized), 0) AS pnl,
                           coalesce(sum(filled_amount_quote) FILTER (WHERE realized), 0) AS volume,
                           coalesce(sum(cum_fees_quote) FILTER (WHERE realized), 0) AS fees
                    FROM scoped
                    GROUP BY coalesce(executor_type, '')
                ) AS t
            ),
            -- Position holds with volume in scope (see ExecutorPerformanceSql's remarks).
            position_holds AS (
                SELECT count(*)::int AS active_positions, coalesce(sum(h.cum_fees_quote), 0) AS fees_quote
                FROM ({matching.MatchingPositionHolds}) AS h
                WHERE h.buy_amount_base > 0 OR h.sell_amount_base > 0
            )
            SELECT t.total_count,
                   st.by_status::text AS by_status,
                   {Rounded("t.realized_pnl", 8)} AS realized_pnl_quote,
                   {Rounded("t.active_pnl - p.fees_quote", 8)} AS unrealized_pnl_quote,
                   {Rounded("t.realized_pnl + t.active_pnl - p.fees_quote", 8)} AS global_pnl_quote,
                   {Rounded("t.pnl_pct_avg", 8)} AS pnl_pct_average,
                   {Rounded("t.fees", 8)} AS fees_quote,
                   {Rounded("t.volume", 8)} AS volume_quote,
                   CASE WHEN t.realized_count = 0 THEN 0 ELSE {Rounded("t.wins::numeric / t.realized_count", 8)} END AS win_rate,
                   CASE WHEN t.realized_count >= 2 AND t.pnl_deviation > 0
                        THEN trim_scale(round(greatest(least(t.pnl_mean / t.pnl_deviation, {LargeTotal}), -{LargeTotal}), 4))
                   END AS sharpe_ratio,
                   ty.by_type::text AS by_type,
                   p.active_positions
            FROM totals AS t, statuses AS st, types AS ty, position_holds AS p
            """;
        return (sql, matching.MatchingParameters());
    }

    /// <summary><paramref name="expression"/> rounded to <paramref name="decimals"/> places below 10^20 in magnitude, to whole units beyond, without trailing zeros.</summary>
    private static string Rounded(string expression, int decimals) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"trim_scale(CASE WHEN abs({expression}) < {LargeTotal} THEN round({expression}, {decimals}) ELSE round({expression}) END)");
}
