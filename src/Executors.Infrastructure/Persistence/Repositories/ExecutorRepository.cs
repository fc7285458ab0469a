using Executors.Application.Common.Exceptions;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Executors.Infrastructure.Persistence.Repositories;

internal sealed class ExecutorRepository : IExecutorRepository
{
    // Compiled once per process: no expression-tree translation on the hot read path. No tracking: reads never write.
    private static readonly Func<ExecutorsDbContext, string, CancellationToken, Task<Executor?>> FindByExecutorId =
        EF.CompileAsyncQuery((ExecutorsDbContext db, string executorId, CancellationToken _) =>
            db.Executors.AsNoTracking().FirstOrDefault(executor => executor.ExecutorId == executorId));

    private readonly ExecutorsDbContext _db;

    public ExecutorRepository(ExecutorsDbContext db)
    {
        _db = db;
    }

    public Task<Executor?> FindAsync(string executorId, CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(() => FindByExecutorId(_db, executorId, cancellationToken), cancellationToken);

    public Task<Executor?> FindForUpdateAsync(string executorId, CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(
            () => _db.Executors.AsTracking().FirstOrDefaultAsync(executor => executor.ExecutorId == executorId, cancellationToken),
            cancellationToken);

    public Task SaveAsync(CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(() => SaveChangesAsync(cancellationToken), cancellationToken);

    public Task AddAsync(Executor executor, CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(
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
