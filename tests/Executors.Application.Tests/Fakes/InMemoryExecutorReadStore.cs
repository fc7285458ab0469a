using Executors.Application.Executors.Queries.GetExecutor;
using AutoMapper;
using Executors.Application.Common.Mapping;
using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>
/// An <see cref="IExecutorReadStore"/> over a list, with the same order and keyset rule as the database, and the
/// service's own mapping to the contract.
/// </summary>
internal sealed class InMemoryExecutorReadStore(params Executor[] executors) : IExecutorReadStore
{
    private static readonly IMapper Mapper = MapperFactory.CreateConfiguration().CreateMapper();

    private readonly List<ExecutorFilter> _listed = [];

    /// <summary>The filters <see cref="ListAsync"/> was asked for, in call order.</summary>
    public IReadOnlyList<ExecutorFilter> Listed => _listed;

    private readonly List<bool> _lean = [];

    /// <summary>Whether each <see cref="ListAsync"/> call asked for a lean page, in call order.</summary>
    public IReadOnlyList<bool> LeanRequests => _lean;

    public Task<ExecutorListPage> ListAsync(ExecutorFilter filter, AccountScope scope, ExecutorListPosition? after, int limit, bool lean, CancellationToken cancellationToken)
    {
        // Leaving the documents out is the SQL's work (tested on PostgreSQL); here the request is only recorded.
        _listed.Add(filter);
        _lean.Add(lean);
        var rows = Matching(filter, scope)
            .Where(executor => after is null || SortAt(executor) < after.SortAt || (SortAt(executor) == after.SortAt && string.CompareOrdinal(executor.ExecutorId, after.ExecutorId) < 0))
            .OrderByDescending(SortAt)
            .ThenByDescending(executor => executor.ExecutorId, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new ExecutorListPosition(SortAt(page[^1]), page[^1].ExecutorId) : null;
        return Task.FromResult(new ExecutorListPage(
            [.. page.Select(executor => Mapper.Map<ExecutorDetailResponse>(executor))],
            next,
            Matching(filter, scope).Count()));
    }

    public Task<ExecutorStatistics> GetStatisticsAsync(AccountScope scope, CancellationToken cancellationToken) =>
        Statistics([.. executors.Where(executor => scope.Allows(executor.State.AccountName))]);

    /// <summary>
    /// The report's figures computed here in memory (unrounded), for handler tests; the database's statement and its
    /// rounding are tested in Infrastructure.Tests and Api.Tests.
    /// </summary>
    public Task<ExecutorPerformance> GetPerformanceAsync(string? controllerId, AccountScope scope, CancellationToken cancellationToken)
    {
        var rows = executors.Where(executor => scope.Allows(executor.State.AccountName) && (controllerId is null || executor.State.ControllerId == controllerId)).ToList();
        var realized = rows.Where(Realized).ToList();
        var realizedPnl = realized.Sum(row => row.State.NetPnlQuote);
        var unrealizedPnl = rows.Where(row => row.IsActive).Sum(row => row.State.NetPnlQuote);
        return Task.FromResult(new ExecutorPerformance(
            rows.Count,
            rows.GroupBy(row => row.State.Status).ToDictionary(group => group.Key, group => group.Count()),
            realizedPnl,
            unrealizedPnl,
            realizedPnl + unrealizedPnl,
            realized.Count == 0 ? 0m : realized.Average(row => row.State.NetPnlPct),
            realized.Sum(row => row.State.CumFeesQuote),
            realized.Sum(row => row.State.FilledAmountQuote),
            realized.Count == 0 ? 0m : (decimal)realized.Count(row => row.State.NetPnlQuote > 0) / realized.Count,
            null,
            [.. rows.GroupBy(row => row.State.ExecutorType ?? string.Empty).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => new ExecutorTypePerformance(
                group.Key,
                group.Count(),
                group.Count(row => !row.IsActive),
                group.Count(row => row.IsActive),
                group.Where(Realized).Sum(row => row.State.NetPnlQuote),
                group.Where(Realized).Sum(row => row.State.FilledAmountQuote),
                group.Where(Realized).Sum(row => row.State.CumFeesQuote)))],
            0));

        static bool Realized(Executor row) => !row.IsActive && row.State.CloseType != CloseType.PositionHold;
    }

    /// <summary>The list order's key, as the database computes it (column <c>sort_at</c>).</summary>
    private static DateTimeOffset SortAt(Executor executor) => executor.State.CreatedAt ?? DateTimeOffset.MinValue;

    private static Task<ExecutorStatistics> Statistics(Executor[] rows) =>
        Task.FromResult(new ExecutorStatistics(
            rows.Length,
            rows.Count(row => row.IsActive),
            rows.Where(row => row.IsActive).Sum(row => row.State.NetPnlQuote),
            rows.Where(row => row.IsActive).Sum(row => row.State.FilledAmountQuote),
            rows.Where(row => row.IsActive).GroupBy(row => row.State.ExecutorType ?? string.Empty).ToDictionary(group => group.Key, group => group.Count()),
            rows.Where(row => row.IsActive).GroupBy(row => row.State.ConnectorName ?? string.Empty).ToDictionary(group => group.Key, group => group.Count()),
            rows.Where(row => row.IsActive).GroupBy(row => row.State.Status).ToDictionary(group => group.Key, group => group.Count())));

    private IEnumerable<Executor> Matching(ExecutorFilter filter, AccountScope scope) =>
        executors.Where(executor =>
            scope.Allows(executor.State.AccountName)
            && (filter.AccountNames.Count == 0 || filter.AccountNames.Contains(executor.State.AccountName!))
            && (filter.ConnectorNames.Count == 0 || filter.ConnectorNames.Contains(executor.State.ConnectorName!))
            && (filter.TradingPairs.Count == 0 || filter.TradingPairs.Contains(executor.State.TradingPair!))
            && (filter.ExecutorTypes.Count == 0 || filter.ExecutorTypes.Contains(executor.State.ExecutorType!))
            && (filter.ControllerIds.Count == 0 || filter.ControllerIds.Contains(executor.State.ControllerId!))
            && (filter.Status is not { } status || executor.State.Status == status));
}
