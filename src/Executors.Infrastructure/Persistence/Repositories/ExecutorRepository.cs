using Executors.Application.Common.Exceptions;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;

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

    public async Task<Executor?> FindAsync(string executorId, CancellationToken cancellationToken)
    {
        try
        {
            return await FindByExecutorId(_db, executorId, cancellationToken);
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new DatabaseUnavailableException(exception);
        }
    }

    public async Task AddAsync(Executor executor, CancellationToken cancellationToken)
    {
        try
        {
            _db.Executors.Add(executor);
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new DatabaseUnavailableException(exception);
        }
    }
}
