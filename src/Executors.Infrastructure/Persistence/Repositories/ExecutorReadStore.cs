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
    private readonly DatabaseGuard _guard;

    public ExecutorReadStore(ExecutorsDbContext db, DatabaseGuard guard)
    {
        _db = db;
        _guard = guard;
    }

    public Task<IReadOnlyList<ExecutorListRow>> ListAsync(
        ExecutorFilter filter,
        AccountScope scope,
        ExecutorListPosition? after,
        int take,
        CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () =>
        {
            var executors = Filtered(filter, scope);
            if (after is not null)
            {
                // A row comparison, (sort_at, executor_id) < (@t, @id): one index range scan from the cursor on.
                executors = executors.Where(executor => EF.Functions.LessThan(
                    ValueTuple.Create(EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt), executor.ExecutorId),
                    ValueTuple.Create(after.SortAt, after.ExecutorId)));
            }

            return (IReadOnlyList<ExecutorListRow>)await executors
                .OrderByDescending(executor => EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt))
                .ThenByDescending(executor => executor.ExecutorId)
                .Take(take)
                .Select(executor => new ExecutorListRow
                {
                    ExecutorId = executor.ExecutorId,
                    ExecutorType = executor.ExecutorType,
                    AccountName = executor.AccountName,
                    ConnectorName = executor.ConnectorName,
                    TradingPair = executor.TradingPair,
                    Status = executor.Status,
                    IsTrading = executor.IsTrading,
                    NetPnlQuote = executor.NetPnlQuote,
                    NetPnlPct = executor.NetPnlPct,
                    CumFeesQuote = executor.CumFeesQuote,
                    FilledAmountQuote = executor.FilledAmountQuote,
                    Side = executor.Side,
                    Timestamp = executor.Timestamp,
                    CreatedAt = executor.CreatedAt,
                    CloseType = executor.CloseType,
                    CloseTimestamp = executor.CloseTimestamp,
                    ControllerId = executor.ControllerId,
                    ErrorCount = executor.ErrorCount,
                    LastError = Executor.LastErrorOf(executor.ErrorLog), // taken from the jsonb log in memory
                    SortAt = EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt),
                })
                .ToListAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> CountAsync(ExecutorFilter filter, AccountScope scope, CancellationToken cancellationToken) =>
        _guard.ReadAsync(() => Filtered(filter, scope).CountAsync(cancellationToken), cancellationToken);

    public Task<ExecutorStatistics> GetStatisticsAsync(AccountScope scope, CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () =>
        {
            var visible = Visible(scope);
            var byStatus = await visible.GroupBy(executor => executor.Status)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key, group => group.Count, cancellationToken);
            var byType = await visible.GroupBy(executor => executor.ExecutorType)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key ?? Unknown, group => group.Count, StringComparer.Ordinal, cancellationToken);
            var byConnector = await visible.GroupBy(executor => executor.ConnectorName)
                .Select(group => new { group.Key, Count = group.Count() })
                .ToDictionaryAsync(group => group.Key ?? Unknown, group => group.Count, StringComparer.Ordinal, cancellationToken);
            var active = await visible.Where(executor => executor.Status != ExecutorStatus.Terminated)
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

    /// <summary>The executors the caller may see at all: every one, or those of its accounts.</summary>
    private IQueryable<Executor> Visible(AccountScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        IQueryable<Executor> executors = _db.Executors.AsNoTracking();
        if (!scope.IsAll)
        {
            var accounts = scope.Accounts;
            executors = executors.Where(executor => accounts.Contains(executor.AccountName!));
        }

        return executors;
    }

    private IQueryable<Executor> Filtered(ExecutorFilter filter, AccountScope scope)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var executors = Visible(scope);
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
