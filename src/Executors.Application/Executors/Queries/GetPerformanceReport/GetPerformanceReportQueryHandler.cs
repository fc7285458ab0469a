using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetPerformanceReport;

internal sealed class GetPerformanceReportQueryHandler : IRequestHandler<GetPerformanceReportQuery, PerformanceReportResponse>
{
    private readonly IExecutorReadStore _store;
    private readonly ICurrentUser _user;

    public GetPerformanceReportQueryHandler(IExecutorReadStore store, ICurrentUser user)
    {
        _store = store;
        _user = user;
    }

    public async Task<PerformanceReportResponse> Handle(GetPerformanceReportQuery request, CancellationToken cancellationToken)
    {
        var performance = await _store.GetPerformanceAsync(request.ControllerId, _user.Accounts, cancellationToken);
        return new PerformanceReportResponse
        {
            ControllerId = request.ControllerId,
            TotalExecutors = performance.TotalCount,
            ByStatus = performance.ByStatus.ToDictionary(pair => WireCodes.ToCode(pair.Key), pair => pair.Value, StringComparer.Ordinal),
            PnlTotalQuote = performance.RealizedPnlQuote,
            UnrealizedPnlQuote = performance.UnrealizedPnlQuote,
            GlobalPnlQuote = performance.GlobalPnlQuote,
            PnlPctAvg = performance.PnlPctAverage,
            FeesTotalQuote = performance.FeesQuote,
            VolumeTotalQuote = performance.VolumeQuote,
            WinRate = performance.WinRate,
            SharpeRatio = performance.SharpeRatio,
            ByType = [.. performance.ByType.Select(type => new ExecutorTypeBreakdown
            {
                ExecutorType = type.ExecutorType,
                Total = type.Total,
                Completed = type.Completed,
                Running = type.Running,
                PnlQuote = type.PnlQuote,
                VolumeQuote = type.VolumeQuote,
                FeesQuote = type.FeesQuote,
            })],
            ActivePositions = performance.ActivePositions,
        };
    }
}
