using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Authentication;

/// <summary>The <c>Authentication</c> configuration section: who may call the API, and how long a check is trusted.</summary>
public sealed class BasicAuthenticationOptions
{
    public const string SectionName = "Authentication";

    public const string Realm = "executors";

    /// <summary>
    /// The users, each with a PBKDF2 hash made by <c>hash-password</c>. Never a plain password. Reloaded when
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

public sealed class ConfiguredUser
{
    public string UserName { get; set; } = string.Empty;

    public string PasswordHash { get; set; } = string.Empty;

    /// <summary><c>reader</c> and/or <c>writer</c>; a user with none listed is a reader.</summary>
    public IList<string> Roles { get; init; } = [];

    /// <summary>
    /// The trading accounts whose executors the user may read (and, as a writer, report), or <c>*</c> for every
    /// account. Required: a user with no accounts listed is refused at start-up rather than silently seeing nothing
    /// (or everything).
    /// </summary>
    public IList<string> Accounts { get; init; } = [];

    internal IReadOnlyList<string> EffectiveRoles => Roles.Count == 0 ? [ExecutorRoles.Reader] : [.. Roles.Distinct(StringComparer.Ordinal)];
}
