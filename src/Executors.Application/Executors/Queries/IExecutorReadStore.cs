namespace Executors.Application.Executors.Queries;

/// <summary>
/// Reads over many executors, computed by the database: lists in keyset order and aggregates. The aggregate's
/// repository (<c>IExecutorRepository</c>) stays the way to load and store one executor.
/// </summary>
public interface IExecutorReadStore
{
    /// <summary>
    /// Up to <paramref name="take"/> executors matching <paramref name="filter"/>, newest first (then executor id
    /// descending), starting after <paramref name="after"/> when given.
    /// </summary>
    Task<IReadOnlyList<ExecutorListRow>> ListAsync(ExecutorFilter filter, ExecutorListPosition? after, int take, CancellationToken cancellationToken);

    Task<int> CountAsync(ExecutorFilter filter, CancellationToken cancellationToken);

    Task<ExecutorStatistics> GetStatisticsAsync(CancellationToken cancellationToken);
}
