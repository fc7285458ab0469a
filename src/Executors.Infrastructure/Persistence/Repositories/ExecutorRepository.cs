using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

internal sealed class ExecutorRepository : IExecutorRepository
{
    // Compiled once per process: no expression-tree translation on the hot read path. No tracking: reads never write.
    // An unrestricted caller gets the plain primary-key lookup; a restricted one the same lookup with its accounts in
    // the WHERE clause, so that an executor of another account costs exactly what an unknown id costs: one index probe
    // and no row.
    private static readonly Func<ExecutorsDbContext, string, CancellationToken, Task<Executor?>> FindByExecutorId =
        EF.CompileAsyncQuery((ExecutorsDbContext db, string executorId, CancellationToken _) =>
            db.Executors.AsNoTracking().FirstOrDefault(executor => executor.ExecutorId == executorId));

    private static readonly Func<ExecutorsDbContext, string, string[], CancellationToken, Task<Executor?>> FindByExecutorIdInAccounts =
        EF.CompileAsyncQuery((ExecutorsDbContext db, string executorId, string[] accounts, CancellationToken _) =>
            db.Executors.AsNoTracking().FirstOrDefault(executor => executor.ExecutorId == executorId && executor.State.AccountName != null && accounts.Contains(executor.State.AccountName)));

    private readonly ExecutorsDbContext _db;
    private readonly Replicas.ReadDatabase _reads;
    private readonly DatabaseGuard _guard;

    public ExecutorRepository(ExecutorsDbContext db, Replicas.ReadDatabase reads, DatabaseGuard guard)
    {
        _db = db;
        _reads = reads;
        _guard = guard;
    }

    public Task<Executor?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsAll
            ? _guard.ReadAsync(async () => await FindByExecutorId(await _reads.ContextAsync(cancellationToken), executorId, cancellationToken), cancellationToken)
            : _guard.ReadAsync(async () => await FindByExecutorIdInAccounts(await _reads.ContextAsync(cancellationToken), executorId, [.. scope.Accounts], cancellationToken), cancellationToken);
    }

    public Task<bool> ExistsAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = scope.Accounts;
        return _guard.ReadAsync(
            async () => await (await _reads.ContextAsync(cancellationToken)).Executors.AnyAsync(
                executor => executor.ExecutorId == executorId && (scope.IsAll || (executor.State.AccountName != null && accounts.Contains(executor.State.AccountName))),
                cancellationToken),
            cancellationToken);
    }

    // Part of a write (PUT, POST logs): one try, like the write itself. FOR NO KEY UPDATE: other writers of this row
    // wait until the unit of work ends, while inserting its log entries (a foreign-key check's KEY SHARE lock) does not.
    // An executor outside the scope is not locked: it is not the caller's to hold up. The lock is its own statement
    // and the row is then read as every query reads it: EF Core cannot read a complex property's renamed columns from
    // a raw statement (dotnet/efcore#34818), and the lock is held either way until the transaction ends.
    public Task<Executor?> FindForUpdateAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = scope.Accounts.ToArray();
        return _guard.WriteAsync(
            async () =>
            {
                if (scope.IsAll)
                {
                    await _db.Database.ExecuteSqlAsync($"SELECT 1 FROM executors WHERE executor_id = {executorId} FOR NO KEY UPDATE", cancellationToken);
                }
                else
                {
                    await _db.Database.ExecuteSqlAsync(
                        $"SELECT 1 FROM executors WHERE executor_id = {executorId} AND account_name = ANY({accounts}) FOR NO KEY UPDATE", cancellationToken);
                }

                return await _db.Executors.AsTracking().SingleOrDefaultAsync(
                    executor => executor.ExecutorId == executorId
                        && (scope.IsAll || (executor.State.AccountName != null && accounts.Contains(executor.State.AccountName))),
                    cancellationToken);
            },
            cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) =>
        _guard.WriteAsync(() => _db.SaveChangesAsync(cancellationToken), cancellationToken);

    public Task AddAsync(Executor executor, CancellationToken cancellationToken) =>
        _guard.WriteAsync(
            () =>
            {
                _db.Executors.Add(executor);
                return _db.SaveChangesAsync(cancellationToken);
            },
            cancellationToken);
}
