using System.Diagnostics.Metrics;
using System.Net;
using Executors.Api.Authentication;
using Microsoft.Extensions.Options;

namespace Executors.Api.SharedLimits;

/// <summary>
/// Failed sign-ins counted across all replicas: the same keys and limits as <see cref="FailedAuthenticationThrottle"/>
/// (per address, per address and user name, per user name — names by their SHA-256), each a fixed window in Redis.
/// </summary>
/// <remarks>
/// <para>
/// The process's own throttle still counts every attempt before it is hashed and refuses a concurrent burst unhashed;
/// this adds what the other replicas saw. At the start of a check the shared counts are only looked at
/// (<see cref="RefusalAsync"/>: a refused attempt counts nowhere); a check that fails adds one to each
/// (<see cref="AddFailureAsync"/>). A success adds nothing here, so there is nothing to take back; an attempt still
/// being hashed on another replica is not seen until it has failed, so a burst spread over N replicas at once may pass
/// the shared limit by what the replicas' hashing slots hold — the per-process throttle and gate bound that.
/// </para>
/// <para>
/// Redis unavailable: nothing is looked at or added (the per-process throttle alone decides), and failures made
/// meanwhile are not counted in Redis later.
/// </para>
/// </remarks>
internal sealed class SharedFailureCounts
{
    public const string LimitName = "sign_in";

    private readonly SharedLimitStore _store;
    private readonly FailureThrottlingOptions _options;
    private readonly FailedAuthenticationThrottle _throttle;
    private readonly Counter<long> _throttled;

    public SharedFailureCounts(SharedLimitStore store, IOptions<FailureThrottlingOptions> options, FailedAuthenticationThrottle throttle, IMeterFactory meters)
    {
        _store = store;
        _options = options.Value;
        _throttle = throttle;
        _throttled = meters.Create(CredentialVerifier.MeterName)
            .CreateCounter<long>("executors.authentication.throttled", description: "Requests refused with 429 after too many failed credential checks.");
    }

    /// <summary>
    /// How long to wait, and which limit says so, when a limit that applies to this attempt is already reached across
    /// the replicas; <see langword="null"/> when none is, or when Redis is not in use now.
    /// </summary>
    public async ValueTask<(TimeSpan RetryAfter, ThrottleLimit Limit)?> RefusalAsync(IPAddress? client, string? userName, bool trusted, CancellationToken cancellationToken)
    {
        if (_options.MaxFailures == 0 || !_store.TryUse(LimitName))
        {
            return null;
        }

        var limited = _throttle.Keys(client, userName, trusted).Where(key => key.Limit is not null).ToList();
        try
        {
            var looks = limited.Select(key => SharedWindow.PeekAsync(_store, KeyOf(key.Key), key.Limit!.Value, _options.Window, cancellationToken).AsTask()).ToList();
            await Task.WhenAll(looks);
            (TimeSpan RetryAfter, ThrottleLimit Limit)? refusal = null;
            for (var i = 0; i < limited.Count; i++)
            {
                var (remaining, retryAfter) = looks[i].Result;
                if (remaining <= 0 && (refusal is null || retryAfter > refusal.Value.RetryAfter))
                {
                    refusal = (retryAfter, limited[i].Kind);
                }
            }

            if (refusal is not null)
            {
                _throttled.Add(1);
            }

            return refusal;
        }
        catch (Exception failure) when (SharedLimitStore.IsUnavailable(failure, cancellationToken))
        {
            _store.Failed(LimitName, failure);
            return null;
        }
    }

    /// <summary>Counts one failed check in every shared window it belongs to (trusted or not: a failure is a failure).</summary>
    public async ValueTask AddFailureAsync(IPAddress? client, string? userName)
    {
        if (_options.MaxFailures == 0 || !_store.TryUse(LimitName))
        {
            return;
        }

        try
        {
            // A window at its limit counts no more (the library adds only what fits): it refuses either way.
            await Task.WhenAll(_throttle.Keys(client, userName, trusted: false).Select(key =>
                SharedWindow.AcquireAsync(_store, KeyOf(key.Key), key.Limit!.Value, _options.Window, 1, CancellationToken.None).AsTask()));
        }
        catch (Exception failure) when (SharedLimitStore.IsUnavailable(failure))
        {
            _store.Failed(LimitName, failure);
        }
    }

    private string KeyOf(string key) => _store.KeyPrefix + "signin:" + key;
}
