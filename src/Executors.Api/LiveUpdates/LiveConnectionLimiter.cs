using Microsoft.Extensions.Options;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// Counts each user's open live connections, WebSocket and SSE together, against
/// <see cref="LiveUpdatesOptions.MaxConnectionsPerUser"/>. One per process (a singleton): a user's connections to other
/// replicas are theirs to count.
/// </summary>
public sealed class LiveConnectionLimiter
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly int _max;

    public LiveConnectionLimiter(IOptions<LiveUpdatesOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _max = options.Value.MaxConnectionsPerUser;
    }

    /// <summary>The most connections one user may hold.</summary>
    public int MaxPerUser => _max;

    /// <summary>A lease on one connection for <paramref name="userName"/> (dispose it when the connection ends), or null at the limit.</summary>
    public IDisposable? TryAcquire(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        lock (_gate)
        {
            _open.TryGetValue(userName, out var count);
            if (count >= _max)
            {
                return null;
            }

            _open[userName] = count + 1;
        }

        return new Lease(this, userName);
    }

    /// <summary>Every user's open connections right now (for the metrics).</summary>
    public int TotalOpen
    {
        get
        {
            lock (_gate)
            {
                return _open.Values.Sum();
            }
        }
    }

    /// <summary>The user's open connections right now.</summary>
    public int OpenConnections(string userName)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(userName);
        }
    }

    private void Release(string userName)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(userName, out var count))
            {
                if (count <= 1)
                {
                    _open.Remove(userName);
                }
                else
                {
                    _open[userName] = count - 1;
                }
            }
        }
    }

    private sealed class Lease(LiveConnectionLimiter limiter, string userName) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(userName);
            }
        }
    }
}
