using Executors.Application.Common.Exceptions;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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

    // Part of a write (PUT, POST logs): one try, like the write itself.
    public Task<Executor?> FindForUpdateAsync(string executorId, CancellationToken cancellationToken) =>
        _guard.WriteAsync(
            () => _db.Executors.AsTracking().FirstOrDefaultAsync(executor => executor.ExecutorId == executorId, cancellationToken),
            cancellationToken);

    public Task SaveAsync(CancellationToken cancellationToken) =>
        _guard.WriteAsync(() => SaveChangesAsync(cancellationToken), cancellationToken);

    public Task AddAsync(Executor executor, CancellationToken cancellationToken) =>
        _guard.WriteAsync(
            () =>
            {
                _db.Executors.Add(executor);
                return SaveChangesAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>Saves, turning lost races into the application's conflict answers.</summary>
    private async Task<int> SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConflictException("The executor was changed by another request meanwhile; read it again and retry.", exception);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException("The executor was created by another request meanwhile; read it and retry.", exception);
        }
    }
}
