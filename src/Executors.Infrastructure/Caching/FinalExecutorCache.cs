using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.Extensions.Caching.Memory;

namespace Executors.Infrastructure.Caching;

/// <summary>The <c>Caching</c> configuration section.</summary>
public sealed class CachingOptions
{
    public const string SectionName = "Caching";

    /// <summary>How many TERMINATED executors are kept in memory at most (0: none).</summary>
    public int FinalExecutors { get; set; } = 10_000;

    /// <summary>A kept executor not asked for this long is let go.</summary>
    public TimeSpan FinalExecutorIdleTime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>A bounded in-memory store of TERMINATED executors' records (they never change).</summary>
internal sealed class FinalExecutorCache : IFinalExecutorCache, IDisposable
{
    private readonly MemoryCache _cache;
    private readonly MemoryCacheEntryOptions _entry;

    public FinalExecutorCache(CachingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.FinalExecutors) });
        _entry = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = options.FinalExecutorIdleTime };
    }

    public bool TryGet(string executorId, out ExecutorDetailResponse? executor) => _cache.TryGetValue(executorId, out executor);

    public void Offer(ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (!executor.IsActive)
        {
            _cache.Set(executor.ExecutorId, executor, _entry);
        }
    }

    public void Dispose() => _cache.Dispose();
}
