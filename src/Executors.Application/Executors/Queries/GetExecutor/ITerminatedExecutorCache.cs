namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>
/// TERMINATED executors never change again, so their mapped records may be kept in memory and served without a
/// database round trip. Reached only from the GET pipeline (<see cref="TerminatedExecutorCacheBehaviour"/>), which runs
/// after authentication and authorization, so every request is still checked. Active executors are never kept.
/// </summary>
public interface ITerminatedExecutorCache
{
    bool TryGet(string executorId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExecutorDetailResponse? executor);

    /// <summary>Keeps the record if it is TERMINATED (not active); ignores it otherwise.</summary>
    void Offer(ExecutorDetailResponse executor);
}
