using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
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

    public Task<ExecutorListPage> ListAsync(
        ExecutorFilter filter,
        AccountScope scope,
        ExecutorListPosition? after,
        int take,
        CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () =>
        {
            var rows = new List<ExecutorListRow>(take);
            var total = 0;
            await foreach (var paged in ExecutorSearchQueries.Page(_db, filter, scope, after, take).WithCancellation(cancellationToken))
            {
                rows.Add(paged.Row);
                total = paged.Total;
            }

            // An empty page carries no count: nothing matches at all, or the cursor is past the last match.
            if (rows.Count == 0 && after is not null)
            {
                total = await ExecutorSearchQueries.CountAsync(_db, filter, scope, cancellationToken);
            }

            return new ExecutorListPage(rows, total);
        }, cancellationToken);

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
            // Non-null first, as in ExecutorSearchQueries: no NULL compensation in the SQL.
            executors = executors.Where(executor => executor.AccountName != null && accounts.Contains(executor.AccountName));
        }

        return executors;
    }
}
