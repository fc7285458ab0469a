namespace Executors.Domain.Executors;

/// <summary>Executors' log entries: appended by the engine, kept up to a bound per executor.</summary>
public interface IExecutorLogRepository
{
    /// <summary>
    /// Appends the entries and, in the same transaction, the changes made to executors loaded for update (their error
    /// counts); then drops the oldest entries of the executor beyond <paramref name="keep"/>.
    /// </summary>
    Task AppendAsync(string executorId, IReadOnlyList<ExecutorLogEntry> entries, int keep, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries (of one level, if given), returned oldest first.</summary>
    Task<IReadOnlyList<ExecutorLogEntry>> ListAsync(string executorId, ExecutorLogLevel? level, int limit, CancellationToken cancellationToken);

    Task<int> CountAsync(string executorId, ExecutorLogLevel? level, CancellationToken cancellationToken);
}
