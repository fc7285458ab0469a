using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>Lists and aggregates over executors, done by PostgreSQL: filters, keyset order, counts and sums.</summary>
internal sealed class ExecutorReadStore : IExecutorReadStore
{
    private const string Unknown = "unknown";

    private readonly ExecutorsDbContext _db;

    public ExecutorReadStore(ExecutorsDbContext db)
    {
        _db = db;
    }

    public Task<IReadOnlyList<ExecutorListRow>> ListAsync(
        ExecutorFilter filter,
        ExecutorListPosition? after,
        int take,
        CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(async () =>
        {
            var executors = Filtered(filter);
            if (after is not null)
            {
                // A row comparison, (sort_at, executor_id) < (@t, @id): one index range scan from the cursor on.
                executors = executors.Where(executor => EF.Functions.LessThan(
                    ValueTuple.Create(EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt), executor.ExecutorId),
                    ValueTuple.Create(after.SortAt, after.ExecutorId)));
            }

            var rows = await executors
                .OrderByDescending(executor => EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt))
                .ThenByDescending(executor => executor.ExecutorId)
                .Take(take)
                .Select(executor => new
                {
                    executor.ExecutorId,
                    executor.ExecutorType,
                    executor.AccountName,
                    executor.ConnectorName,
                    executor.TradingPair,
                    executor.Status,
                    executor.IsTrading,
                    executor.NetPnlQuote,
                    executor.NetPnlPct,
                    executor.CumFeesQuote,
                    executor.FilledAmountQuote,
                    executor.Side,
                    executor.Timestamp,
                    executor.CreatedAt,
                    executor.CloseType,
                    executor.CloseTimestamp,
                    executor.ControllerId,
                    executor.ErrorLog,
                    SortAt = EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt),
                })
                .ToListAsync(cancellationToken);

            // The error log is a converted jsonb value: its count and last entry are taken here, not in SQL.
            return (IReadOnlyList<ExecutorListRow>)rows.ConvertAll(row => new ExecutorListRow
            {
                ExecutorId = row.ExecutorId,
                ExecutorType = row.ExecutorType,
                AccountName = row.AccountName,
                ConnectorName = row.ConnectorName,
                TradingPair = row.TradingPair,
                Status = row.Status,
                IsTrading = row.IsTrading,
                NetPnlQuote = row.NetPnlQuote,
                NetPnlPct = row.NetPnlPct,
                CumFeesQuote = row.CumFeesQuote,
                FilledAmountQuote = row.FilledAmountQuote,
                Side = row.Side,
                Timestamp = row.Timestamp,
                CreatedAt = row.CreatedAt,
                CloseType = row.CloseType,
                CloseTimestamp = row.CloseTimestamp,
                ControllerId = row.ControllerId,
                ErrorCount = row.ErrorLog.Count,
                LastError = Executor.LastErrorOf(row.ErrorLog),
                SortAt = row.SortAt,
            });
        }, cancellationToken);

    public Task<int> CountAsync(ExecutorFilter filter, CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(() => Filtered(filter).CountAsync(cancellationToken), cancellationToken);

    public Task<ExecutorStatistics> GetStatisticsAsync(CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(async () =>
        {
            var byStatus = await _db.Executors.GroupBy(executor => executor.Status)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key, group => group.Count, cancellationToken);
            var byType = await _db.Executors.GroupBy(executor => executor.ExecutorType)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key ?? Unknown, group => group.Count, StringComparer.Ordinal, cancellationToken);
            var byConnector = await _db.Executors.GroupBy(executor => executor.ConnectorName)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key ?? Unknown, group => group.Count, StringComparer.Ordinal, cancellationToken);
            var active = await _db.Executors.Where(executor => executor.Status != ExecutorStatus.Terminated)
                .GroupBy(_ => 1)
                .Select(group => new
                {
                    Count = group.Count(),
                    Pnl = group.Sum(executor => executor.NetPnlQuote),
                    Volume = group.Sum(executor => executor.FilledAmountQuote),
                })
                .SingleOrDefaultAsync(cancellationToken);

            return new ExecutorStatistics(
                byStatus.Values.Sum(),
                active?.Count ?? 0,
                active?.Pnl ?? 0m,
                active?.Volume ?? 0m,
                byType,
                byConnector,
                byStatus);
        }, cancellationToken);

    private IQueryable<Executor> Filtered(ExecutorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IQueryable<Executor> executors = _db.Executors.AsNoTracking();
        if (filter.AccountNames.Count > 0)
        {
            executors = executors.Where(executor => filter.AccountNames.Contains(executor.AccountName!));
        }

        if (filter.ConnectorNames.Count > 0)
        {
            executors = executors.Where(executor => filter.ConnectorNames.Contains(executor.ConnectorName!));
        }

        if (filter.TradingPairs.Count > 0)
        {
            executors = executors.Where(executor => filter.TradingPairs.Contains(executor.TradingPair!));
        }

        if (filter.ExecutorTypes.Count > 0)
        {
            executors = executors.Where(executor => filter.ExecutorTypes.Contains(executor.ExecutorType!));
        }

        if (filter.ControllerIds.Count > 0)
        {
            executors = executors.Where(executor => filter.ControllerIds.Contains(executor.ControllerId!));
        }

        if (filter.Status is { } status)
        {
            executors = executors.Where(executor => executor.Status == status);
        }

        return executors;
    }
}
