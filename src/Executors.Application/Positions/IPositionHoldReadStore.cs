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

    /// <summary>
    /// How many positions within <paramref name="scope"/> have volume, of one controller when
    /// <paramref name="controllerId"/> is given, and the fees they paid: a performance report's active_positions and
    /// position_hold_fees_quote.
    /// </summary>
    Task<PositionTotals> GetTotalsAsync(AccountScope scope, string? controllerId, CancellationToken cancellationToken);
}

/// <summary>Positions with volume: how many, and their cumulative fees in quote.</summary>
public sealed record PositionTotals(int Count, decimal CumFeesQuote);
