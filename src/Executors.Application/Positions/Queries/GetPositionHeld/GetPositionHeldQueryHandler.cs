using AutoMapper;
using Executors.Application.Common.Security;
using MediatR;

namespace Executors.Application.Positions.Queries.GetPositionHeld;

internal sealed class GetPositionHeldQueryHandler : IRequestHandler<GetPositionHeldQuery, PositionHoldResponse>
{
    private readonly IPositionHoldReadStore _store;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;

    public GetPositionHeldQueryHandler(IPositionHoldReadStore store, ICurrentUser user, IMapper mapper)
    {
        _store = store;
        _user = user;
        _mapper = mapper;
    }

    public async Task<PositionHoldResponse> Handle(GetPositionHeldQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Key;
        var position = await _store.FindAsync(key, _user.Accounts, cancellationToken) ?? throw PositionLookup.NotFound(key);
        return _mapper.Map<PositionHoldResponse>(position);
    }
}
