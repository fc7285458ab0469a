using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorsSummary;

public sealed class GetExecutorsSummaryQueryHandler : IRequestHandler<GetExecutorsSummaryQuery, ExecutorsSummaryResponse>
{
    private readonly IExecutorReadStore _store;

    public GetExecutorsSummaryQueryHandler(IExecutorReadStore store)
    {
        _store = store;
    }

    public async Task<ExecutorsSummaryResponse> Handle(GetExecutorsSummaryQuery request, CancellationToken cancellationToken)
    {
        var statistics = await _store.GetStatisticsAsync(cancellationToken);
        return new ExecutorsSummaryResponse
        {
            TotalExecutors = statistics.TotalCount,
            TotalActive = statistics.ActiveCount,
            TotalPnlQuote = statistics.ActiveNetPnlQuote,
            TotalVolumeQuote = statistics.ActiveFilledAmountQuote,
            ByType = statistics.ByType,
            ByConnector = statistics.ByConnector,
            ByStatus = statistics.ByStatus.ToDictionary(pair => Vocabulary.ToCode(pair.Key), pair => pair.Value, StringComparer.Ordinal),
        };
    }
}
