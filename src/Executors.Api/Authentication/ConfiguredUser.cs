namespace Executors.Api.Authentication;

/// <summary>One entry of <c>Authentication:Users</c>.</summary>
public sealed class ConfiguredUser
{
    public string UserName { get; set; } = string.Empty;

    /// <summary>
    /// What <c>hash-password</c> prints (ASP.NET Core Identity's format), or a legacy <c>PBKDF2-SHA256$…</c> hash of an
    /// earlier version (still accepted, reported at start-up); never a password.
    /// </summary>
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
