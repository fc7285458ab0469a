using System.Text.Json;
using AutoMapper;
using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>Lists and aggregates over executors, done by PostgreSQL: filters, keyset order, counts and sums.</summary>
internal sealed class ExecutorReadStore : IExecutorReadStore
{
    /// <summary>The key under which executors without a type or connector are counted.</summary>
    public const string Absent = "";

    private const int TotalDecimals = 8;
    private const decimal LargeTotal = 100_000_000_000_000_000_000m;

    private static readonly JsonSerializerOptions BreakdownJson = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly Replicas.ReadDatabase _reads;
    private readonly DatabaseGuard _guard;
    private readonly IMapper _mapper;

    public ExecutorReadStore(Replicas.ReadDatabase reads, DatabaseGuard guard, IMapper mapper)
    {
        _reads = reads;
        _guard = guard;
        _mapper = mapper;
    }

    public Task<ExecutorListPage> ListAsync(
        ExecutorFilter filter,
        AccountScope scope,
        ExecutorListPosition? after,
        int limit,
        bool lean,
        CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () =>
        {
            var db = await _reads.ContextAsync(cancellationToken);

            // One row more than the page: whether it comes says whether another page follows.
            var sql = ExecutorSearchSql.For(filter, scope);
            var rows = new List<ExecutorDetailResponse>(limit);
            var total = 0;
            var lastSortAt = default(DateTimeOffset);
            var more = false;
            await foreach (var row in ExecutorSearchQueries.Page(db, sql, after, limit + 1, lean).WithCancellation(cancellationToken))
            {
                total = row.Total;
                if (rows.Count == limit)
                {
                    more = true;
                    break;
                }

                rows.Add(_mapper.Map<ExecutorDetailResponse>(row.Executor));
                lastSortAt = row.SortAt;
            }

            // An empty page carries no count: nothing matches at all, or the cursor is past the last match.
            if (rows.Count == 0 && after is not null)
            {
                total = await ExecutorSearchQueries.CountAsync(db, sql, cancellationToken);
            }

            return new ExecutorListPage(rows, more ? new ExecutorListPosition(lastSortAt, rows[^1].ExecutorId) : null, total);
        }, cancellationToken);

    public Task<ExecutorStatistics> GetStatisticsAsync(AccountScope scope, CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () =>
        {
            var db = await _reads.ContextAsync(cancellationToken);
            var visible = db.Executors.AsNoTracking().Within(scope);
            var total = await visible.CountAsync(cancellationToken);

            // The breakdowns count the active executors only, as the original's summary (of the executors it runs) does.
            var running = visible.Where(executor => executor.State.Status != ExecutorStatus.Terminated);
            var byStatus = await running.GroupBy(executor => executor.State.Status)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key, group => group.Count, cancellationToken);
            var byType = Counts(await running.GroupBy(executor => executor.State.ExecutorType)
                .Select(group => new KeyValuePair<string?, int>(group.Key, group.Count()))
                .ToListAsync(cancellationToken));
            var byConnector = Counts(await running.GroupBy(executor => executor.State.ConnectorName)
                .Select(group => new KeyValuePair<string?, int>(group.Key, group.Count()))
                .ToListAsync(cancellationToken));

            // Totals to 8 decimal places: each amount is below 10^12 in magnitude (Executor.MaxMoneyMagnitude) with up to
            // 28 digits, and an exact sum of many could outgrow what a decimal (and so Npgsql) can hold. Beyond 10^20 —
            // more executors at the limit than anyone runs — whole units, so that the answer still fits.
            var active = await running
                .GroupBy(_ => 1)
                .Select(group => new
                {
                    Count = group.Count(),
                    Pnl = group.Sum(executor => executor.State.NetPnlQuote),
                    Volume = group.Sum(executor => executor.State.FilledAmountQuote),
                })
                .Select(totals => new
                {
                    totals.Count,
                    Pnl = Math.Abs(totals.Pnl) < LargeTotal ? Math.Round(totals.Pnl, TotalDecimals) : Math.Round(totals.Pnl, 0),
                    Volume = Math.Abs(totals.Volume) < LargeTotal ? Math.Round(totals.Volume, TotalDecimals) : Math.Round(totals.Volume, 0),
                })
                .SingleOrDefaultAsync(cancellationToken);

            return new ExecutorStatistics(
                total,
                active?.Count ?? 0,
                active?.Pnl ?? 0m,
                active?.Volume ?? 0m,
                byType,
                byConnector,
                byStatus);
        }, cancellationToken);

    public Task<ExecutorPerformance> GetPerformanceAsync(string? controllerId, AccountScope scope, CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () =>
        {
            var (sql, parameters) = ExecutorPerformanceSql.For(controllerId, scope);
            var rows = await (await _reads.ContextAsync(cancellationToken)).Database.SqlQueryRaw<ExecutorPerformanceRow>(sql, parameters).ToListAsync(cancellationToken);
            var row = rows.Single();
            var byStatus = JsonSerializer.Deserialize<Dictionary<string, int>>(row.ByStatus, BreakdownJson)!
                .ToDictionary(pair => WireCodes.Parse<ExecutorStatus>(pair.Key), pair => pair.Value);
            var byType = JsonSerializer.Deserialize<List<ExecutorTypePerformance>>(row.ByType, BreakdownJson)!;
            return new ExecutorPerformance(
                row.TotalCount,
                byStatus,
                row.RealizedPnlQuote,
                row.UnrealizedPnlQuote,
                row.GlobalPnlQuote,
                row.PnlPctAverage,
                row.FeesQuote,
                row.VolumeQuote,
                row.WinRate,
                row.SharpeRatio,
                byType,
                row.ActivePositions);
        }, cancellationToken);

    /// <summary>
    /// Counts by name, with executors that have none under <see cref="Absent"/>: the empty string, which no reported
    /// name can be (names are 1 or more characters) — so a connector really called "unknown" is never merged with
    /// executors that have no connector. Should the store hold a name twice under one key anyway (an empty name written
    /// around the API), the counts add up rather than fail.
    /// </summary>
    private static Dictionary<string, int> Counts(List<KeyValuePair<string?, int>> groups)
    {
        var counts = new Dictionary<string, int>(groups.Count, StringComparer.Ordinal);
        foreach (var (name, count) in groups)
        {
            var key = name ?? Absent;
            counts[key] = counts.GetValueOrDefault(key) + count;
        }

        return counts;
    }
}
