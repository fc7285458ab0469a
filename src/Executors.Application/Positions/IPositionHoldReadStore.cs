using Executors.Domain.Executors;
using Executors.Domain.Positions;

namespace Executors.Application.Positions;

/// <summary>
/// Reads over position holds. Every read takes the caller's <see cref="AccountScope"/>: a position of another account is
/// never found, listed or counted.
/// </summary>
public interface IPositionHoldReadStore
{
    /// <summary>
    /// The positions within <paramref name="scope"/> that have volume (something bought or sold still open), of one
    /// controller when <paramref name="controllerId"/> is given, in the order they were first opened.
    /// </summary>
    Task<IReadOnlyList<PositionHold>> ListWithVolumeAsync(AccountScope scope, string? controllerId, CancellationToken cancellationToken);

    /// <summary>The position of <paramref name="key"/> if its account is within <paramref name="scope"/> (with volume or not).</summary>
    Task<PositionHold?> FindAsync(PositionKey key, AccountScope scope, CancellationToken cancellationToken);
}
