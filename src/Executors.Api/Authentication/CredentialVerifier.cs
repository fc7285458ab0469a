using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using Executors.Domain.Executors;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Checks HTTP Basic credentials (RFC 7617) against the configured users. PBKDF2 is slow on purpose, so verified
/// credentials are remembered for a short while in a bounded cache, keyed by the decoded user name and an HMAC of the
/// password under a key that lives only in this process: the cache never holds a password, and every spelling of one
/// header that the RFCs allow (<see cref="BasicCredentials"/>) is the same entry.
/// Only successes are cached; a wrong password is hashed every time — until <see cref="FailedAuthenticationThrottle"/>
/// says the client address or the user name has failed too often: then uncached credentials are refused unhashed.
/// </summary>
internal sealed class CredentialVerifier : IDisposable
{
    private readonly FrozenDictionary<string, (PasswordHash Hash, VerifiedUser User)> _users;
    private readonly PasswordHash _unknownUser;
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _cacheDuration;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly FailedAuthenticationThrottle _throttle;

    public const string MeterName = "Executors.Api.Authentication";

    private readonly Counter<long> _hashChecks;
    private readonly Counter<long> _cacheHits;

    public CredentialVerifier(IOptions<BasicAuthenticationOptions> options, IMeterFactory meters, FailedAuthenticationThrottle throttle)
    {
        _throttle = throttle;
        var settings = options.Value;
        var meter = meters.Create(MeterName);
        _hashChecks = meter.CreateCounter<long>("executors.authentication.hash_checks", description: "PBKDF2 password checks performed.");
        _cacheHits = meter.CreateCounter<long>("executors.authentication.cache_hits", description: "Requests authenticated from the verified-credential cache.");
        _users = settings.Users.ToFrozenDictionary(
            user => user.UserName,
            user => (PasswordHash.Parse(user.PasswordHash), new VerifiedUser(user.UserName, user.EffectiveRoles, AccountScope.Of(user.Accounts))),
            StringComparer.Ordinal);

        // An unknown user name costs as much as a wrong password, so response times do not reveal which names exist.
        var iterations = _users.Count == 0 ? PasswordHash.DefaultIterations : _users.Values.Max(user => user.Hash.Iterations);
        _unknownUser = PasswordHash.Parse(PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), iterations));

        _cacheDuration = settings.CredentialCacheDuration;
        if (settings.CredentialCacheSize > 0 && _cacheDuration > TimeSpan.Zero)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.CredentialCacheSize });
        }
    }

    /// <summary>
    /// The user the <c>Authorization</c> header proves, or no user when it is malformed or wrong, or how long to wait
    /// when <paramref name="client"/> or the header's user name has failed too often (then nothing is hashed).
    /// Credentials verified before (in the cache) always pass, however the header spells them.
    /// </summary>
    public CredentialCheck Verify(string authorization, IPAddress? client)
    {
        var decoded = BasicCredentials.TryDecode(authorization, out var userName, out var password);
        try
        {
            var cacheKey = _cache is null || !decoded ? null : CacheKey(userName, password);
            if (cacheKey is not null && _cache!.TryGetValue(cacheKey, out VerifiedUser? cachedUser))
            {
                _cacheHits.Add(1);
                return new CredentialCheck(cachedUser, null);
            }

            if (_throttle.RetryAfter(client, decoded ? userName : null) is { } retryAfter)
            {
                return new CredentialCheck(null, retryAfter);
            }

            if (!decoded)
            {
                _throttle.RecordFailure(client, null);
                return default;
            }

            _hashChecks.Add(1);
            var known = _users.TryGetValue(userName, out var entry);
            var verified = (known ? entry.Hash : _unknownUser).Verify(password) && known;
            if (!verified)
            {
                _throttle.RecordFailure(client, userName);
                return default;
            }

            var user = _users[userName].User;
            if (cacheKey is not null)
            {
                _cache!.Set(cacheKey, user, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _cacheDuration });
            }

            return new CredentialCheck(user, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    public void Dispose() => _cache?.Dispose();

    /// <summary>The user name in clear (not secret; lets entries of one user be told apart) and an HMAC of the password.</summary>
    private string CacheKey(string userName, byte[] password)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_cacheKey, password, mac);
        return string.Concat(userName, ":", Convert.ToBase64String(mac));
    }
}

/// <summary>What <see cref="CredentialVerifier.Verify"/> found: the user, or nobody, or "retry after" (throttled).</summary>
internal readonly record struct CredentialCheck(VerifiedUser? User, TimeSpan? RetryAfter);
