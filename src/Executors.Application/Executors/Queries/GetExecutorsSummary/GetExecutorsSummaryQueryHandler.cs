using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorsSummary;

internal sealed class GetExecutorsSummaryQueryHandler : IRequestHandler<GetExecutorsSummaryQuery, ExecutorsSummaryResponse>
{
    private readonly IExecutorReadStore _store;
    private readonly ICurrentUser _user;

    public GetExecutorsSummaryQueryHandler(IExecutorReadStore store, ICurrentUser user)
    {
        _store = store;
        _user = user;
    }

    public async Task<ExecutorsSummaryResponse> Handle(GetExecutorsSummaryQuery request, CancellationToken cancellationToken)
    {
        var statistics = await _store.GetStatisticsAsync(_user.Accounts, cancellationToken);
        return new ExecutorsSummaryResponse
        {
            TotalExecutors = statistics.TotalCount,
            TotalActive = statistics.ActiveCount,
            TotalPnlQuote = statistics.ActiveNetPnlQuote,
            TotalVolumeQuote = statistics.ActiveFilledAmountQuote,
            ByType = statistics.ByType,
            ByConnector = statistics.ByConnector,
            ByStatus = statistics.ByStatus.ToDictionary(pair => WireCodes.ToCode(pair.Key), pair => pair.Value, StringComparer.Ordinal),
        };
    }
}
