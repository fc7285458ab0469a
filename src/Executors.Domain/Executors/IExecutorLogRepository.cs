namespace Executors.Domain.Executors;

/// <summary>Executors' log entries: appended by the engine, kept up to a bound per executor.</summary>
public interface IExecutorLogRepository
{
    /// <summary>
    /// Appends the entries and stores the changes made to executors loaded for update (their error counts); then drops
    /// the oldest entries of the executor beyond <paramref name="keep"/>. Part of the command's unit of work, with the
    /// executor locked (<see cref="IExecutorRepository.FindForUpdateAsync"/>): appends to one executor run one after
    /// another, so the bound holds after every one.
    /// </summary>
    Task AppendAsync(string executorId, IReadOnlyList<ExecutorLogEntry> entries, int keep, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries (of one level, if given), returned oldest first.</summary>
    Task<IReadOnlyList<ExecutorLogEntry>> ListAsync(string executorId, ExecutorLogLevel? level, int limit, CancellationToken cancellationToken);

    Task<int> CountAsync(string executorId, ExecutorLogLevel? level, CancellationToken cancellationToken);
}
