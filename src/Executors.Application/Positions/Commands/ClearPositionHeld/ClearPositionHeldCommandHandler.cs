using Executors.Application.Common.Security;
using Executors.Domain.Positions;
using MediatR;

namespace Executors.Application.Positions.Commands.ClearPositionHeld;

internal sealed class ClearPositionHeldCommandHandler : IRequestHandler<ClearPositionHeldCommand, ClearPositionHeldResponse>
{
    private readonly IPositionHoldRepository _positions;
    private readonly ICurrentUser _user;

    public ClearPositionHeldCommandHandler(IPositionHoldRepository positions, ICurrentUser user)
    {
        _positions = positions;
        _user = user;
    }

    public async Task<ClearPositionHeldResponse> Handle(ClearPositionHeldCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Key;
        if (!await _positions.RemoveAsync(key, _user.Accounts, cancellationToken))
        {
            throw PositionLookup.NotFound(key);
        }

        return new ClearPositionHeldResponse
        {
            Message = $"Position hold for {key.ConnectorName}/{key.TradingPair} cleared",
            ConnectorName = key.ConnectorName,
            TradingPair = key.TradingPair,
        };
    }
}
