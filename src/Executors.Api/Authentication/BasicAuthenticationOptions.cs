using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Authentication;

/// <summary>The <c>Authentication</c> configuration section: who may call the API, and how long a check is trusted.</summary>
public sealed class BasicAuthenticationOptions
{
    public const string SectionName = "Authentication";

    public const string Realm = "executors";

    /// <summary>
    /// The users, each with a password hash made by <c>hash-password</c>. Never a plain password. Reloaded when
    /// configuration changes (<see cref="ConfiguredUsers"/>); the other settings here are read once, at start-up.
    /// </summary>
    public IList<ConfiguredUser> Users { get; init; } = [];

    /// <summary>How long verified credentials are trusted without hashing again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CredentialCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many verified credentials are remembered; 0 turns the cache off.</summary>
    [Range(0, 1_000_000)]
    public int CredentialCacheSize { get; set; } = 10_000;
}
