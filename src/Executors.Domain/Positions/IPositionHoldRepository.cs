using Executors.Domain.Executors;

namespace Executors.Domain.Positions;

/// <summary>The position holds' store, for writers: only inside a unit of work (a command).</summary>
public interface IPositionHoldRepository
{
    /// <summary>
    /// The position of <paramref name="key"/>, opened empty if there is none yet, tracked so that
    /// <see cref="SaveAsync"/> stores what changes on it, and locked for the rest of the unit of work: another writer of
    /// the same position (another executor's terminal report, a clear) waits until this one has committed, then reads
    /// what it committed.
    /// </summary>
    Task<PositionHold> LockAsync(PositionKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the position of <paramref name="key"/> if its account is within <paramref name="scope"/>; whether there
    /// was one (another account's is, to this caller, none).
    /// </summary>
    Task<bool> RemoveAsync(PositionKey key, AccountScope scope, CancellationToken cancellationToken);

    /// <summary>Stores the changes made to positions obtained from <see cref="LockAsync"/>.</summary>
    Task SaveAsync(CancellationToken cancellationToken);
}
