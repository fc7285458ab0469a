using System.Buffers;
using System.Buffers.Text;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Executors.Domain.Executors;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Checks HTTP Basic credentials (RFC 7617) against the configured users. PBKDF2 is slow on purpose, so a verified
/// header is remembered for a short while in a bounded cache, keyed by an HMAC of the header under a key that lives
/// only in this process: the cache never holds the credentials themselves, and a memory dump does not reveal them.
/// Only successes are cached; a wrong password is hashed every time — until <see cref="FailedAuthenticationThrottle"/>
/// says the client address or the user name has failed too often: then uncached credentials are refused unhashed.
/// </summary>
internal sealed class CredentialVerifier : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
    /// when <paramref name="client"/> or the header's user name has failed too often (then nothing is hashed). A header
    /// verified before (in the cache) always passes. The scheme name is case-insensitive; the password may contain ':';
    /// both parts are UTF-8.
    /// </summary>
    public CredentialCheck Verify(string authorization, IPAddress? client)
    {
        var cacheKey = _cache is null ? null : CacheKey(authorization);
        if (cacheKey is not null && _cache!.TryGetValue(cacheKey, out VerifiedUser? cachedUser))
        {
            _cacheHits.Add(1);
            return new CredentialCheck(cachedUser, null);
        }

        var decoded = TryDecode(authorization, out var userName, out var password);
        try
        {
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
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }

        var user = _users[userName].User;
        if (cacheKey is not null)
        {
            _cache!.Set(cacheKey, user, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _cacheDuration });
        }

        return new CredentialCheck(user, null);
    }

    public void Dispose() => _cache?.Dispose();

    /// <summary>Splits <c>Basic base64(user-id ":" password)</c>; the user id ends at the first colon.</summary>
    internal static bool TryDecode(string authorization, out string userName, out byte[] password)
    {
        userName = string.Empty;
        password = [];

        var value = authorization.AsSpan().Trim();
        const string scheme = "Basic";
        if (value.Length <= scheme.Length
            || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || value[scheme.Length] != ' ')
        {
            return false;
        }

        var token = value[(scheme.Length + 1)..].TrimStart(' ');
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(token.Length));
        try
        {
            if (!Convert.TryFromBase64Chars(token, buffer, out var length))
            {
                return false;
            }

            var decoded = buffer.AsSpan(0, length);
            var colon = decoded.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            var passwordBytes = decoded[(colon + 1)..];
            userName = StrictUtf8.GetString(decoded[..colon]);
            _ = StrictUtf8.GetCharCount(passwordBytes); // rejects a password that is not UTF-8
            if (userName.Any(char.IsControl) || passwordBytes.ContainsAnyInRange((byte)0, (byte)31))
            {
                return false; // RFC 7617: no control characters in either part
            }

            password = passwordBytes.ToArray();
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string CacheKey(string authorization)
    {
        var bytes = Encoding.UTF8.GetBytes(authorization);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_cacheKey, bytes, mac);
        CryptographicOperations.ZeroMemory(bytes);
        return Convert.ToBase64String(mac);
    }
}

/// <summary>What <see cref="CredentialVerifier.Verify"/> found: the user, or nobody, or "retry after" (throttled).</summary>
internal readonly record struct CredentialCheck(VerifiedUser? User, TimeSpan? RetryAfter);
