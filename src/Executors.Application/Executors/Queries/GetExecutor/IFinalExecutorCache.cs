namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>
/// TERMINATED executors never change again, so their mapped records may be kept in memory and served without a
/// database round trip. Reached only from the GET pipeline (FinalExecutorCacheBehaviour), which runs after authentication and authorization, so every
/// request is still checked. Active executors are never kept.
/// </summary>
public interface IFinalExecutorCache
{
    bool TryGet(string executorId, out ExecutorDetailResponse? executor);

    /// <summary>Keeps the record if it is final (not active); ignores it otherwise.</summary>
    void Offer(ExecutorDetailResponse executor);
}
