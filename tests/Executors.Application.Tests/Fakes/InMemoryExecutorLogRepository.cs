using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>An <see cref="IExecutorLogRepository"/> over a list, with the same bound and order as the database.</summary>
internal sealed class InMemoryExecutorLogRepository : IExecutorLogRepository
{
    private readonly List<ExecutorLogEntry> _entries = [];

    public Task AppendAsync(string executorId, IReadOnlyList<ExecutorLogEntry> entries, int keep, CancellationToken cancellationToken)
    {
        _entries.AddRange(entries);
        var dropped = _entries.Where(entry => entry.ExecutorId == executorId).OrderByDescending(entry => entry.Timestamp).Skip(keep).ToList();
        _entries.RemoveAll(dropped.Contains);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ExecutorLogEntry>> ListAsync(string executorId, ExecutorLogLevel? level, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExecutorLogEntry>>([.. Of(executorId, level).OrderByDescending(entry => entry.Timestamp).Take(limit).Reverse()]);

    public Task<int> CountAsync(string executorId, ExecutorLogLevel? level, CancellationToken cancellationToken) =>
        Task.FromResult(Of(executorId, level).Count());

    private IEnumerable<ExecutorLogEntry> Of(string executorId, ExecutorLogLevel? level) =>
        _entries.Where(entry => entry.ExecutorId == executorId && (level is null || entry.Level == level));
}
