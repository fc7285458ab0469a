using Executors.Application.Common.Persistence;
using Executors.Domain.Positions;

namespace Executors.Application.Positions.Commands.ClearPositionHeld;

/// <summary>Removes a position hold (after it was closed by hand); the next POSITION_HOLD executor opens a fresh one.</summary>
public sealed record ClearPositionHeldCommand(string ConnectorName, string TradingPair, string? AccountName, string? ControllerId) : ICommand<ClearPositionHeldResponse>
{
    public PositionKey Key => PositionLookup.KeyOf(ConnectorName, TradingPair, AccountName, ControllerId);
}
