using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Tests.Fakes;

/// <summary>A TERMINATED-executor cache over a dictionary, keeping whatever is final; records which ids were asked for.</summary>
internal sealed class DictionaryTerminatedExecutorCache : ITerminatedExecutorCache
{
    private readonly Dictionary<string, ExecutorDetailResponse> _entries = new(StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public bool TryGet(string executorId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExecutorDetailResponse? executor)
    {
        lock (_entries)
        {
            Asked.Add(executorId);
            return _entries.TryGetValue(executorId, out executor);
        }
    }

    public void Offer(ExecutorDetailResponse executor)
    {
        if (!executor.IsActive)
        {
            lock (_entries)
            {
                _entries[executor.ExecutorId] = executor;
            }
        }
    }
}
