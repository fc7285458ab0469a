using Executors.Application.Engines.LeaseState;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>Lease views of a fixed list (scope not applied: the store's SQL is tested on PostgreSQL in the API tests).</summary>
internal sealed class InMemoryLeaseReadStore(params ExecutorLeaseView[] leases) : ILeaseReadStore
{
    public Task<ExecutorLeaseView?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(leases.FirstOrDefault(lease => lease.ExecutorId == executorId));

    public Task<IReadOnlyList<EngineLeaseCounts>> EnginesAsync(AccountScope scope, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EngineLeaseCounts>>(
        [
            .. leases.Where(lease => lease.EngineId is not null && lease.Status != ExecutorStatus.Terminated)
                .GroupBy(lease => lease.EngineId!, StringComparer.Ordinal)
                .OrderBy(engine => engine.Key, StringComparer.Ordinal)
                .Select(engine => new EngineLeaseCounts(engine.Key, engine.Count(), engine.Count(lease => lease.LeaseExpiresAt <= now), engine.Max(lease => lease.LeaseExpiresAt!.Value))),
        ]);
}
