using Executors.Application.Engines.LeaseState;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Engines;

/// <summary>The leases in <c>executor_leases</c> as users see them: joined to the executors within the caller's accounts.</summary>
internal sealed class LeaseReadStore : ILeaseReadStore
{
    private readonly ExecutorsDbContext _db;

    public LeaseReadStore(ExecutorsDbContext db)
    {
        _db = db;
    }

    public async Task<ExecutorLeaseView?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        // One query: the executor (if within the scope) and its lease row, if an engine ever claimed it.
        var found = await (
                from executor in _db.Executors.AsNoTracking().Within(scope).Where(executor => executor.ExecutorId == executorId)
                join lease in _db.Set<ExecutorLeaseRecord>().AsNoTracking() on executor.ExecutorId equals lease.ExecutorId into leases
                from lease in leases.DefaultIfEmpty()
                select new
                {
                    executor.ExecutorId,
                    executor.State.Status,
                    EngineId = lease == null ? null : lease.EngineId,
                    ClaimedAt = lease == null ? (DateTimeOffset?)null : lease.ClaimedAt,
                    LeaseExpiresAt = lease == null ? (DateTimeOffset?)null : lease.LeaseExpiresAt,
                })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new ExecutorLeaseView(found.ExecutorId, found.Status, found.EngineId, found.ClaimedAt, found.LeaseExpiresAt);
    }

    public async Task<IReadOnlyList<EngineLeaseCounts>> EnginesAsync(AccountScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var engines = await (
                from lease in _db.Set<ExecutorLeaseRecord>().AsNoTracking()
                join executor in _db.Executors.AsNoTracking().Within(scope).Where(executor => executor.State.Status != ExecutorStatus.Terminated)
                    on lease.ExecutorId equals executor.ExecutorId
                group lease by lease.EngineId into engine
                orderby engine.Key
                select new
                {
                    EngineId = engine.Key,
                    Executors = engine.Count(),
                    Expired = engine.Count(lease => lease.LeaseExpiresAt <= now),
                    Latest = engine.Max(lease => lease.LeaseExpiresAt),
                })
            .ToListAsync(cancellationToken);
        return [.. engines.OrderBy(engine => engine.EngineId, StringComparer.Ordinal).Select(engine => new EngineLeaseCounts(engine.EngineId, engine.Executors, engine.Expired, engine.Latest))];
    }
}
