using System.Text.Json;
using System.Diagnostics.CodeAnalysis;
using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.Extensions.Caching.Memory;

namespace Executors.Infrastructure.Caching;

/// <summary>
/// TERMINATED executors' records (they never change), bounded in bytes: each entry counts its estimated size
/// (<see cref="EstimatedBytes"/>), and once the bound is reached the least recently used entries are let go.
/// </summary>
internal sealed class TerminatedExecutorCache : ITerminatedExecutorCache, IDisposable
{
    // The record object with its numbers, the strings' headers, and the cache's entry for it.
    private const long FixedBytes = 1536;

    private readonly MemoryCache _cache;
    private readonly TimeSpan _idleTime;

    public TerminatedExecutorCache(CachingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = Math.Max(1, options.TerminatedExecutorBytes),
            TrackStatistics = true,
        });
        _idleTime = options.TerminatedExecutorIdleTime;
    }

    /// <summary>The estimated size of what is kept now.</summary>
    public long Bytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public int Count => _cache.Count;

    /// <summary>Hits, misses and entries since start (the cache tracks them): read by the metrics, never per request.</summary>
    public MemoryCacheStatistics? Statistics => _cache.GetCurrentStatistics();

    /// <summary>
    /// What keeping a record costs, estimated: a fixed part, and two bytes (UTF-16) per character of its JSON — which
    /// counts every field the record has, whatever fields are added to it, and is reckoned once per record kept.
    /// </summary>
    public static long EstimatedBytes(ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return FixedBytes + (2L * JsonSerializer.SerializeToUtf8Bytes(executor).Length);
    }

    public bool TryGet(string executorId, [NotNullWhen(true)] out ExecutorDetailResponse? executor) =>
        _cache.TryGetValue(executorId, out executor);

    public void Offer(ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (!executor.IsActive)
        {
            _cache.Set(executor.ExecutorId, executor, new MemoryCacheEntryOptions
            {
                Size = EstimatedBytes(executor),
                SlidingExpiration = _idleTime,
            });
        }
    }

    public void Dispose() => _cache.Dispose();
}
