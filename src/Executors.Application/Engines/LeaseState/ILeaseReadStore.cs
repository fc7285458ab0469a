using Executors.Domain.Executors;

namespace Executors.Application.Engines.LeaseState;

/// <summary>An executor's lease as stored: its status, and the lease row if an engine ever claimed it.</summary>
public sealed record ExecutorLeaseView(string ExecutorId, ExecutorStatus Status, string? EngineId, DateTimeOffset? ClaimedAt, DateTimeOffset? LeaseExpiresAt);

/// <summary>One engine's leases on active executors: how many, how many ran out (at the given time), the latest expiry.</summary>
public sealed record EngineLeaseCounts(string EngineId, int Executors, int ExpiredExecutors, DateTimeOffset LatestExpiry);

/// <summary>Reads of the leases for users (read-only, within the caller's account scope).</summary>
public interface ILeaseReadStore
{
    /// <summary>The executor's lease; null when the executor is unknown or outside <paramref name="scope"/>.</summary>
    Task<ExecutorLeaseView?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken);

    /// <summary>The engines holding active executors within <paramref name="scope"/>, by engine id.</summary>
    Task<IReadOnlyList<EngineLeaseCounts>> EnginesAsync(AccountScope scope, DateTimeOffset now, CancellationToken cancellationToken);
}
