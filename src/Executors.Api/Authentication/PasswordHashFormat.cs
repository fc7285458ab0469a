namespace Executors.Api.Authentication;

/// <summary>How a configured password hash is written.</summary>
internal enum PasswordHashFormat
{
    /// <summary>ASP.NET Core Identity's (<c>PasswordHasher</c>, version 3): what <c>hash-password</c> prints.</summary>
    Identity,

    /// <summary>
    /// <c>PBKDF2-SHA256$iterations$salt$hash</c>, what <c>hash-password</c> printed before it used Identity's format.
    /// Still verified so that existing configurations keep working; reported at start-up so that they get replaced.
    /// </summary>
    Legacy,
}
