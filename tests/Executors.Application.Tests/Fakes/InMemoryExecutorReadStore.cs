using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>An <see cref="IExecutorReadStore"/> over a list, with the same order and keyset rule as the database.</summary>
internal sealed class InMemoryExecutorReadStore(params ExecutorListRow[] rows) : IExecutorReadStore
{
    private readonly List<ExecutorFilter> _listed = [];

    /// <summary>The filters <see cref="ListAsync"/> was asked for, in call order.</summary>
    public IReadOnlyList<ExecutorFilter> Listed => _listed;

    public Task<ExecutorListPage> ListAsync(ExecutorFilter filter, AccountScope scope, ExecutorListPosition? after, int take, CancellationToken cancellationToken)
    {
        _listed.Add(filter);
        return Task.FromResult(new ExecutorListPage(
            [.. Matching(filter, scope)
                .Where(row => after is null || row.SortAt < after.SortAt || (row.SortAt == after.SortAt && string.CompareOrdinal(row.ExecutorId, after.ExecutorId) < 0))
                .OrderByDescending(row => row.SortAt)
                .ThenByDescending(row => row.ExecutorId, StringComparer.Ordinal)
                .Take(take)],
            Matching(filter, scope).Count()));
    }

    public Task<ExecutorStatistics> GetStatisticsAsync(AccountScope scope, CancellationToken cancellationToken) =>
        Statistics([.. rows.Where(row => scope.Allows(row.AccountName))]);

    private static Task<ExecutorStatistics> Statistics(ExecutorListRow[] rows) =>
        Task.FromResult(new ExecutorStatistics(
            rows.Length,
            rows.Count(row => row.IsActive),
            rows.Where(row => row.IsActive).Sum(row => row.NetPnlQuote),
            rows.Where(row => row.IsActive).Sum(row => row.FilledAmountQuote),
            rows.GroupBy(row => row.ExecutorType ?? string.Empty).ToDictionary(group => group.Key, group => group.Count()),
            rows.GroupBy(row => row.ConnectorName ?? string.Empty).ToDictionary(group => group.Key, group => group.Count()),
            rows.GroupBy(row => row.Status).ToDictionary(group => group.Key, group => group.Count())));

    private IEnumerable<ExecutorListRow> Matching(ExecutorFilter filter, AccountScope scope) =>
        rows.Where(row =>
            scope.Allows(row.AccountName)
            && (filter.AccountNames.Count == 0 || filter.AccountNames.Contains(row.AccountName!))
            && (filter.ConnectorNames.Count == 0 || filter.ConnectorNames.Contains(row.ConnectorName!))
            && (filter.TradingPairs.Count == 0 || filter.TradingPairs.Contains(row.TradingPair!))
            && (filter.ExecutorTypes.Count == 0 || filter.ExecutorTypes.Contains(row.ExecutorType!))
            && (filter.ControllerIds.Count == 0 || filter.ControllerIds.Contains(row.ControllerId!))
            && (filter.Status is not { } status || row.Status == status));
}
