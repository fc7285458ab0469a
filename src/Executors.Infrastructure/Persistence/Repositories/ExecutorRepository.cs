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

    public Task<Executor?> FindAsync(string executorId, CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(() => FindByExecutorId(_db, executorId, cancellationToken), cancellationToken);

    public Task AddAsync(Executor executor, CancellationToken cancellationToken) =>
        DatabaseFailures.GuardAsync(
            () =>
            {
                _db.Executors.Add(executor);
                return _db.SaveChangesAsync(cancellationToken);
            },
            cancellationToken);
}
