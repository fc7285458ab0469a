using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Remembers which (client address, user) pairs verified the user's password within <see
/// cref="FailureThrottlingOptions.TrustPeriod"/>: such a client is not refused by the limits an attacker elsewhere can
/// fill (per user name, per address), and waits ahead of others for a hashing slot. Trust belongs to the password hash
/// it was earned with: when configuration changes or removes the user's hash, the pair is no longer trusted.
/// </summary>
/// <remarks>
/// Only a successful check creates an entry, so only holders of valid credentials can add to it; still, it is a
/// size-limited <see cref="MemoryCache"/> (<see cref="FailureThrottlingOptions.MaxTrustedClients"/>). The period is
/// measured with the injected <see cref="TimeProvider"/>; the cache's own expiry (real time) only frees memory.
/// </remarks>
internal sealed class TrustedClients : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly MemoryCache? _pairs;

    public TrustedClients(IOptions<FailureThrottlingOptions> options, TimeProvider time)
    {
        _time = time;
        _period = options.Value.TrustPeriod;
        if (_period > TimeSpan.Zero && options.Value.MaxTrustedClients > 0)
        {
            _pairs = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxTrustedClients });
        }
    }

    /// <summary>Whether <paramref name="client"/> verified <paramref name="credential"/> for <paramref name="userName"/> recently.</summary>
    public bool IsTrusted(IPAddress? client, string userName, PasswordHash credential) =>
        _pairs is not null
        && client is not null
        && _pairs.TryGetValue(Key(client, userName), out Trust? trust)
        && ReferenceEquals(trust!.Credential, credential)
        && _time.GetUtcNow() - trust.VerifiedAt < _period;

    /// <summary>Records (or renews) that <paramref name="client"/> has just verified <paramref name="credential"/>.</summary>
    public void Remember(IPAddress? client, string userName, PasswordHash credential)
    {
        if (_pairs is null || client is null)
        {
            return;
        }

        _pairs.Set(
            Key(client, userName),
            new Trust(credential, _time.GetUtcNow()),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _period });
    }

    public void Dispose() => _pairs?.Dispose();

    private static string Key(IPAddress client, string userName) => ClientNetwork.Of(client) + " " + userName;

    private sealed record Trust(PasswordHash Credential, DateTimeOffset VerifiedAt);
}
