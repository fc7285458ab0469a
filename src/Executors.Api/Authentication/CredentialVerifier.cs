using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using Executors.Api.Errors;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Checks HTTP Basic credentials (RFC 7617) against the configured users. PBKDF2 is slow on purpose, so verified
/// credentials are remembered for a short while in a bounded cache, keyed by the decoded user name and an HMAC of the
/// password under a key that lives only in this process (the cache never holds a password, and every spelling of one
/// header that the RFCs allow is the same entry). A cache hit is the whole cost of a signed-in user's request: no
/// throttle, no hashing gate.
/// </summary>
/// <remarks>
/// Everything else goes, in order: <see cref="BasicCredentials"/> (a malformed header is a failure, counted, never
/// hashed); <see cref="FailedAuthenticationThrottle"/> (the attempt is counted <em>before</em> hashing, or refused
/// with 429); <see cref="PasswordCheckGate"/> (a bounded number of PBKDF2 checks at once, a short queue, else 503);
/// then one check that costs what the dearest configured hash costs, whoever is named (<see cref="UserSnapshot.Verify"/>). Only
/// successes are cached; a success takes its throttle count back and makes the (address, user) pair trusted.
/// </remarks>
internal sealed class CredentialVerifier : IDisposable
{
    public const string MeterName = "Executors.Api.Authentication";

    private readonly ConfiguredUsers _users;
    private readonly FailedAuthenticationThrottle _throttle;
    private readonly TrustedClients _trusted;
    private readonly PasswordCheckGate _gate;
    private readonly SharedLimits.SharedFailureCounts _sharedFailures;
    private readonly SharedLimits.SharedHashingBound _sharedHashing;
    private readonly ILogger<CredentialVerifier> _logger;
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _cacheDuration;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Task<CredentialCheck>> _checking = new(StringComparer.Ordinal);
    private readonly Counter<long> _hashChecks;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _failures;

    public CredentialVerifier(
        IOptions<BasicAuthenticationOptions> options,
        ConfiguredUsers users,
        FailedAuthenticationThrottle throttle,
        TrustedClients trusted,
        PasswordCheckGate gate,
        SharedLimits.SharedFailureCounts sharedFailures,
        SharedLimits.SharedHashingBound sharedHashing,
        IMeterFactory meters,
        ILogger<CredentialVerifier> logger)
    {
        _sharedFailures = sharedFailures;
        _sharedHashing = sharedHashing;
        _users = users;
        _throttle = throttle;
        _trusted = trusted;
        _gate = gate;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _hashChecks = meter.CreateCounter<long>("executors.authentication.hash_checks", description: "PBKDF2 password checks performed.");
        _cacheHits = meter.CreateCounter<long>("executors.authentication.cache_hits", description: "Requests authenticated from the verified-credential cache.");
        _failures = meter.CreateCounter<long>("executors.authentication.failures", description: "Failed credential checks, by reason (WrongPassword, UnknownUser, Malformed).");

        var settings = options.Value;
        _cacheDuration = settings.CredentialCacheDuration;
        if (settings.CredentialCacheSize > 0 && _cacheDuration > TimeSpan.Zero)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.CredentialCacheSize });
        }
    }

    /// <summary>
    /// The user the <c>Authorization</c> header proves; or no user (malformed or wrong: 401); or how long to wait when
    /// <paramref name="client"/>, the pair or the user name has failed too often (429), or when the hashing gate is full
    /// (503). Nothing is hashed in the last two cases.
    /// </summary>
    public async ValueTask<CredentialCheck> VerifyAsync(string authorization, IPAddress? client, CancellationToken cancellationToken)
    {
        if (!BasicCredentials.TryDecode(authorization, out var userName, out var password))
        {
            // Counted against the address like a wrong password, so that junk headers cannot be sent for free.
            var malformed = _throttle.Begin(client, userName: null, trusted: false);
            if (malformed.RetryAfter is { } wait)
            {
                AuthenticationLog.SignInThrottled(_logger, null, AuthenticationLog.ClientAddress(client), malformed.Limit, ProblemResponses.RetryAfterSeconds(wait));
                return CredentialCheck.Throttled(wait);
            }

            if (await _sharedFailures.RefusalAsync(client, userName: null, trusted: false, cancellationToken) is { } shared)
            {
                AuthenticationLog.SignInThrottled(_logger, null, AuthenticationLog.ClientAddress(client), shared.Limit, ProblemResponses.RetryAfterSeconds(shared.RetryAfter));
                return CredentialCheck.Throttled(shared.RetryAfter);
            }

            AuthenticationLog.SignInFailed(_logger, null, AuthenticationLog.ClientAddress(client), "Malformed");
            _failures.Add(1, new KeyValuePair<string, object?>("reason", "Malformed"));
            await _sharedFailures.AddFailureAsync(client, userName: null);
            return CredentialCheck.Invalid;
        }

        try
        {
            var cacheKey = _cache is null ? null : CacheKey(userName, password);
            if (cacheKey is not null && Cached(userName, cacheKey) is { } cached)
            {
                return Shared(cached);
            }

            return cacheKey is null
                ? await CheckAsync(userName, password, cacheKey, client, cancellationToken)
                : await CheckOnceAsync(userName, password, cacheKey, client, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    public void Dispose() => _cache?.Dispose();

    /// <summary>
    /// The check of credentials the cache does not hold, run once for all the requests that bring them at the same
    /// time: when a signed-in client's entry expires under load, its concurrent requests would otherwise each count
    /// against the throttle and queue a PBKDF2 at the gate — a busy client refused (503, then 429) for knowing its
    /// password. A request that finds a check of the same credentials running waits for it and shares only a success
    /// (the same user and password proven: what the cache would have said); any other outcome, it checks for itself,
    /// so every wrong guess still counts.
    /// </summary>
    private async ValueTask<CredentialCheck> CheckOnceAsync(string userName, byte[] password, string cacheKey, IPAddress? client, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<CredentialCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_checking.TryAdd(cacheKey, mine.Task))
        {
            if (_checking.TryGetValue(cacheKey, out var running))
            {
                return await running.WaitAsync(cancellationToken) is { Refusal: CredentialRefusal.None } shared
                    && _users.Current.TryGet(userName, out var current) && ReferenceEquals(current!.User, shared.User)
                    ? Shared(shared)
                    : await CheckAsync(userName, password, cacheKey, client, cancellationToken);
            }

            // The running check ended between the two looks: a success of it is in the cache now.
            if (Cached(userName, cacheKey) is { } cached)
            {
                return Shared(cached);
            }
        }

        // Whatever happens to this check, those waiting get an answer: a refusal sends them to check for themselves.
        var outcome = CredentialCheck.Busy;
        try
        {
            // A check that ended just before this one began may have cached these credentials already.
            outcome = Cached(userName, cacheKey) is { } cached
                ? Shared(cached)
                : await CheckAsync(userName, password, cacheKey, client, cancellationToken);
            return outcome;
        }
        finally
        {
            mine.SetResult(outcome);
            _checking.TryRemove(KeyValuePair.Create(cacheKey, mine.Task));
        }
    }

    /// <summary>A success already established (cached, or by a check of the same credentials), counted as a cache hit.</summary>
    private CredentialCheck Shared(CredentialCheck verified)
    {
        _cacheHits.Add(1);
        return verified;
    }

    /// <summary>
    /// The cache's word on these credentials, if it has one for the user as configured now. An entry for a hash the user
    /// no longer has (changed, or the user is gone) is dropped; a missing one is left alone, since a check running at
    /// the same moment may be about to add it.
    /// </summary>
    private CredentialCheck? Cached(string userName, string cacheKey)
    {
        if (!_cache!.TryGetValue(cacheKey, out PasswordHash? credential))
        {
            return null;
        }

        if (_users.Current.TryGet(userName, out var current) && ReferenceEquals(current!.Hash, credential))
        {
            return CredentialCheck.Verified(current.User);
        }

        _cache.Remove(cacheKey);
        return null;
    }

    private async ValueTask<CredentialCheck> CheckAsync(string userName, byte[] password, string? cacheKey, IPAddress? client, CancellationToken cancellationToken)
    {
        var address = AuthenticationLog.ClientAddress(client);
        var trusted = _users.Current.TryGet(userName, out var known) && _trusted.IsTrusted(client, userName, known!.Hash);
        var attempt = _throttle.Begin(client, userName, trusted);
        if (attempt.RetryAfter is { } retryAfter)
        {
            AuthenticationLog.SignInThrottled(_logger, AuthenticationLog.UserName(userName), address, attempt.Limit, ProblemResponses.RetryAfterSeconds(retryAfter));
            return CredentialCheck.Throttled(retryAfter);
        }

        // The failures the other replicas counted (Redis; nothing when it is not in use): looked at, never counted here.
        (TimeSpan RetryAfter, ThrottleLimit Limit)? shared;
        try
        {
            shared = await _sharedFailures.RefusalAsync(client, userName, trusted, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            attempt.Abandoned();
            throw;
        }

        if (shared is { } refusal)
        {
            attempt.Abandoned();
            AuthenticationLog.SignInThrottled(_logger, AuthenticationLog.UserName(userName), address, refusal.Limit, ProblemResponses.RetryAfterSeconds(refusal.RetryAfter));
            return CredentialCheck.Throttled(refusal.RetryAfter);
        }

        IDisposable? slot = null;
        IDisposable? clusterSlot = null;
        try
        {
            slot = await _gate.EnterAsync(trusted, cancellationToken);
            if (slot is not null)
            {
                clusterSlot = await _sharedHashing.EnterAsync(cancellationToken);
                if (clusterSlot is null)
                {
                    slot.Dispose();
                }
            }
        }
        catch (OperationCanceledException)
        {
            slot?.Dispose();
            attempt.Abandoned();
            throw;
        }

        if (slot is null || clusterSlot is null)
        {
            attempt.Abandoned();
            AuthenticationLog.SignInGateFull(_logger, AuthenticationLog.UserName(userName), address, slot is null ? _gate.Concurrency : _sharedHashing.Concurrency);
            return CredentialCheck.Busy;
        }

        bool verified;
        UserEntry? user;
        var users = _users.Current;
        using (slot)
        using (clusterSlot)
        {
            verified = users.Verify(userName, password, out user, out _);
            _hashChecks.Add(1);
        }

        if (!verified)
        {
            AuthenticationLog.SignInFailed(_logger, AuthenticationLog.UserName(userName), address, user is null ? "UnknownUser" : "WrongPassword");
            _failures.Add(1, new KeyValuePair<string, object?>("reason", user is null ? "UnknownUser" : "WrongPassword"));
            await _sharedFailures.AddFailureAsync(client, userName);
            return CredentialCheck.Invalid;
        }

        attempt.Succeeded();
        _trusted.Remember(client, userName, user!.Hash);
        if (cacheKey is not null)
        {
            _cache!.Set(cacheKey, user.Hash, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _cacheDuration });
        }

        return CredentialCheck.Verified(user.User);
    }

    /// <summary>The user name in clear (not secret; lets entries of one user be told apart) and an HMAC of the password.</summary>
    private string CacheKey(string userName, byte[] password)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_cacheKey, password, mac);
        return string.Concat(userName, ":", Convert.ToBase64String(mac));
    }
}
