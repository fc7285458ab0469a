using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Hashes in the format <c>hash-password</c> printed before it switched to ASP.NET Core Identity's:
/// <c>PBKDF2-SHA256$iterations$salt$hash</c>. Written out here, not made by the API, so that the tests pin what
/// operators' configurations already hold.
/// </summary>
internal static class LegacyPasswordHashes
{
    /// <summary><c>admin</c> / <c>admin</c> at 600,000 iterations, as appsettings.Development.json had it.</summary>
    public const string DevelopmentAdmin = "PBKDF2-SHA256$600000$4TwzlWiyFnAQLP0xy2J00Q==$3rboOBhrW/rtksl3n4cU6B4uv2+X+84EBafVqeYaWXo=";

    public static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return Format(iterations, salt, hash);
    }

    /// <summary>A well-formed legacy hash that no password matches, made without running PBKDF2 (for validation tests).</summary>
    public static string Unmatchable(int iterations) => Format(iterations, RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(32));

    private static string Format(int iterations, byte[] salt, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"PBKDF2-SHA256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
}
