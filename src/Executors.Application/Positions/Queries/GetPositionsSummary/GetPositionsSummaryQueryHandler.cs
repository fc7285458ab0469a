using AutoMapper;
using Executors.Application.Common.Security;
using MediatR;

namespace Executors.Application.Positions.Queries.GetPositionsSummary;

internal sealed class GetPositionsSummaryQueryHandler : IRequestHandler<GetPositionsSummaryQuery, PositionsSummaryResponse>
{
    private readonly IPositionHoldReadStore _store;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;

    public GetPositionsSummaryQueryHandler(IPositionHoldReadStore store, ICurrentUser user, IMapper mapper)
    {
        _store = store;
        _user = user;
        _mapper = mapper;
    }

    public async Task<PositionsSummaryResponse> Handle(GetPositionsSummaryQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var positions = await _store.ListWithVolumeAsync(_user.Accounts, request.ControllerId, cancellationToken);
        return new PositionsSummaryResponse
        {
            TotalPositions = positions.Count,
            TotalRealizedPnl = positions.Sum(position => position.RealizedPnlQuote),
            TotalUnrealizedPnl = null,
            Positions = _mapper.Map<List<PositionHoldResponse>>(positions),
        };
    }
}
