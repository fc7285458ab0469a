using System.Threading.RateLimiting;
using Executors.Api.Authentication;
using Microsoft.Extensions.Options;
using RedisRateLimiting;

namespace Executors.Api.SharedLimits;

/// <summary>
/// The hashing bound across replicas: at most <see cref="RedisOptions.HashingConcurrency"/> PBKDF2 checks at once in
/// the whole deployment (by default what one process may run), through RedisRateLimiting's
/// <see cref="RedisConcurrencyRateLimiter{TKey}"/>, taken after the process's own <see cref="PasswordCheckGate"/> slot.
/// The process's gate still bounds each machine's CPU and serves trusted clients first; this bounds what an attacker
/// spreading guesses over the replicas makes the deployment hash, which matters when replicas share cores.
/// </summary>
/// <remarks>
/// <para>
/// The library keeps the running checks in a sorted set (each entry dropped after 60 s, so a replica that died holding
/// slots frees them within a minute) and a queue in Redis that this process polls every
/// <see cref="DequeuePeriod"/>. Only checks that already hold a process slot wait there, so that queue is bounded by
/// replicas × per-process concurrency. A check that gets no cluster slot within
/// <see cref="RedisOptions.HashingQueueTimeout"/> is answered 503, as a full process gate is.
/// </para>
/// <para>
/// Redis unavailable (or not configured): the process's gate alone bounds hashing (<see cref="Unshared"/>).
/// </para>
/// </remarks>
internal sealed class SharedHashingBound : IDisposable
{
    public const string LimitName = "hashing";
    public static readonly TimeSpan DequeuePeriod = TimeSpan.FromMilliseconds(25);

    private readonly SharedLimitStore _store;
    private readonly RedisConcurrencyRateLimiter<string>? _limiter;
    private readonly TimeSpan _timeout;

    public SharedHashingBound(SharedLimitStore store, IOptions<RedisOptions> redis, IOptions<PasswordHashingOptions> hashing)
    {
        _store = store;
        _timeout = redis.Value.HashingQueueTimeout;
        Concurrency = redis.Value.HashingConcurrency > 0 ? redis.Value.HashingConcurrency : hashing.Value.EffectiveConcurrency;
        if (store.Configured)
        {
            _limiter = new RedisConcurrencyRateLimiter<string>(store.KeyPrefix + "hashing", new RedisConcurrencyRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => store.Connection,
                PermitLimit = Concurrency,
                QueueLimit = 1024,
                TryDequeuePeriod = DequeuePeriod,
            });
        }
    }

    /// <summary>PBKDF2 checks at once across the replicas.</summary>
    public int Concurrency { get; }

    /// <summary>
    /// A cluster-wide slot to dispose when the check ends; <see cref="Unshared"/> when Redis is not in use now (the
    /// process's gate alone bounds the check); <see langword="null"/> when no slot came within the timeout.
    /// </summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null || !_store.TryUse(LimitName))
        {
            return Unshared.Instance;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_timeout);
        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync(1, bounded.Token);
            _store.Succeeded();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waited as long as a sign-in may; or Redis went away meanwhile, and the process's gate alone decides.
            return _store.Available ? null : Unshared.Instance;
        }
        catch (Exception failure) when (SharedLimitStore.IsUnavailable(failure, cancellationToken))
        {
            _store.Failed(LimitName, failure);
            return Unshared.Instance;
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>No cluster-wide slot was taken: nothing to give back.</summary>
    public sealed class Unshared : IDisposable
    {
        public static readonly Unshared Instance = new();

        public void Dispose()
        {
        }
    }
}
