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
            db.Executors.AsNoTracking().FirstOrDefault(executor => executor.ExecutorId == executorId && executor.AccountName != null && accounts.Contains(executor.AccountName)));

    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;

    public ExecutorRepository(ExecutorsDbContext db, DatabaseGuard guard)
    {
        _db = db;
        _guard = guard;
    }

    public Task<Executor?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsAll
            ? _guard.ReadAsync(() => FindByExecutorId(_db, executorId, cancellationToken), cancellationToken)
            : _guard.ReadAsync(() => FindByExecutorIdInAccounts(_db, executorId, [.. scope.Accounts], cancellationToken), cancellationToken);
    }

    public Task<bool> ExistsAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = scope.Accounts;
        return _guard.ReadAsync(
            () => _db.Executors.AnyAsync(
                executor => executor.ExecutorId == executorId && (scope.IsAll || (executor.AccountName != null && accounts.Contains(executor.AccountName))),
                cancellationToken),
            cancellationToken);
    }

    // Part of a write (PUT, POST logs): one try, like the write itself. FOR NO KEY UPDATE: other writers of this row
    // wait until the unit of work ends, while inserting its log entries (a foreign-key check's KEY SHARE lock) does not.
    // An executor outside the scope is not locked: it is not the caller's to hold up.
    public Task<Executor?> FindForUpdateAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var locked = scope.IsAll
            ? _db.Executors.FromSql($"SELECT * FROM executors WHERE executor_id = {executorId} FOR NO KEY UPDATE")
            : _db.Executors.FromSql(
                $"SELECT * FROM executors WHERE executor_id = {executorId} AND account_name = ANY({scope.Accounts.ToArray()}) FOR NO KEY UPDATE");
        return _guard.WriteAsync(
            async () => (await locked.AsTracking().ToListAsync(cancellationToken)).SingleOrDefault(),
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
