using Executors.Application.Common.Exceptions;
using Executors.Domain.Positions;

namespace Executors.Application.Positions;

/// <summary>How the position routes name a position, and what they answer when there is none.</summary>
internal static class PositionLookup
{
    public static PositionKey KeyOf(string connectorName, string tradingPair, string? accountName, string? controllerId) =>
        new(accountName ?? PositionKey.DefaultAccountName, connectorName, tradingPair, controllerId ?? PositionKey.DefaultControllerId);

    /// <summary>The 404 for a position that does not exist (or belongs to an account outside the caller's).</summary>
    public static NotFoundException NotFound(PositionKey key) =>
        new($"No position hold found for {key.ConnectorName}/{key.TradingPair}");
}
