using Executors.Application.Engines;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>Leases over a fixed list of executors, with the store's claim rules (single-threaded: no locking to show).</summary>
internal sealed class InMemoryExecutorLeases(params Executor[] executors) : IExecutorLeases
{
    private readonly Dictionary<string, (string Engine, DateTimeOffset Expires)> _leases = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<Executor>> ClaimAsync(string engineId, AccountScope scope, int limit, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var claimed = executors
            .Where(executor => scope.Allows(executor.State.AccountName) && executor.IsActive)
            .Where(executor => _leases.TryGetValue(executor.ExecutorId, out var lease)
                ? lease.Expires <= now
                : executor.State.Status == ExecutorStatus.NotStarted)
            .OrderBy(executor => executor.State.CreatedAt ?? DateTimeOffset.MinValue)
            .Take(limit)
            .ToList();
        foreach (var executor in claimed)
        {
            _leases[executor.ExecutorId] = (engineId, expires);
        }

        return Task.FromResult<IReadOnlyList<Executor>>(claimed);
    }

    public Task<int> RenewAsync(string engineId, AccountScope scope, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var held = _leases.Where(pair => pair.Value.Engine == engineId).Select(pair => pair.Key).ToList();
        foreach (var id in held)
        {
            _leases[id] = (engineId, expires);
        }

        return Task.FromResult(held.Count);
    }

    public Task<IReadOnlyList<(Executor Executor, DateTimeOffset LeaseExpiresAt)>> HeldAsync(string engineId, AccountScope scope, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(Executor, DateTimeOffset)>>(
            [.. executors.Where(executor => _leases.TryGetValue(executor.ExecutorId, out var lease) && lease.Engine == engineId && executor.IsActive)
                .Select(executor => (executor, _leases[executor.ExecutorId].Expires))]);
}
