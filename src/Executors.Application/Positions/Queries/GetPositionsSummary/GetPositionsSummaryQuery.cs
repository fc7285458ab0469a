using MediatR;

namespace Executors.Application.Positions.Queries.GetPositionsSummary;

/// <summary>The caller's position holds with volume, of one controller when <paramref name="ControllerId"/> is given.</summary>
public sealed record GetPositionsSummaryQuery(string? ControllerId) : IRequest<PositionsSummaryResponse>;
