using Executors.Domain.Positions;
using MediatR;

namespace Executors.Application.Positions.Queries.GetPositionHeld;

/// <summary>
/// One position hold, by its market and, when not given, account <see cref="PositionKey.DefaultAccountName"/> and
/// controller <see cref="PositionKey.DefaultControllerId"/> (as Hummingbot API).
/// </summary>
public sealed record GetPositionHeldQuery(string ConnectorName, string TradingPair, string? AccountName, string? ControllerId) : IRequest<PositionHoldResponse>
{
    public PositionKey Key => PositionLookup.KeyOf(ConnectorName, TradingPair, AccountName, ControllerId);
}
