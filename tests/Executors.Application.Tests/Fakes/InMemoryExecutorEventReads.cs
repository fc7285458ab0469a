using Executors.Application.Executors.Queries;
using Executors.Application.LiveUpdates;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>Event reads over a fixed list: every read answers mark 1 and the executors within the scope (for the container checks).</summary>
internal sealed class InMemoryExecutorEventReads(params Executor[] executors) : IExecutorEventReads
{
    public Task<MarkedRead<Executor>> ReadExecutorsAsync(string? executorId, ExecutorFilter filter, AccountScope scope, ulong? since, CancellationToken cancellationToken) =>
        Task.FromResult(new MarkedRead<Executor>(1, [.. executors.Where(executor => scope.Allows(executor.State.AccountName) && (executorId is null || executor.ExecutorId == executorId))]));

    public Task<MarkedRead<StopRequestedEvent>> ReadStopRequestsAsync(string engineId, AccountScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(new MarkedRead<StopRequestedEvent>(1, []));
}
