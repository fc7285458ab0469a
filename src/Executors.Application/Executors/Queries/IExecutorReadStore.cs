using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>
/// Reads over many executors, computed by the database: lists in keyset order and aggregates. The aggregate's
/// repository (<c>IExecutorRepository</c>) stays the way to load and store one executor. Every read takes the caller's
/// <see cref="AccountScope"/>: executors of other accounts are never counted, listed or summed.
/// </summary>
public interface IExecutorReadStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> executors within <paramref name="scope"/> matching <paramref name="filter"/>,
    /// newest first (then executor id descending), starting after <paramref name="after"/> when given, as the contract
    /// shows them; the position after the last of them when more follow; and how many executors within the scope match
    /// the filter in all, as of the same moment. Rows carry config and custom_info (as reads show it) unless
    /// <paramref name="lean"/>, when both are null and never read.
    /// </summary>
    Task<ExecutorListPage> ListAsync(ExecutorFilter filter, AccountScope scope, ExecutorListPosition? after, int limit, bool lean, CancellationToken cancellationToken);

    Task<ExecutorStatistics> GetStatisticsAsync(AccountScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// The performance figures of the executors within <paramref name="scope"/> — of controller
    /// <paramref name="controllerId"/> only, when given — in one statement, as of one moment.
    /// </summary>
    Task<ExecutorPerformance> GetPerformanceAsync(string? controllerId, AccountScope scope, CancellationToken cancellationToken);
}
