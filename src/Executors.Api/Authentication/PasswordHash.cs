using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Executors.Api.Authentication;

/// <summary>
/// A PBKDF2 password hash as stored in configuration: <c>PBKDF2-SHA256$iterations$salt$hash</c> (salt and hash in
/// base64). The iteration count travels with the hash, so it can be raised for new hashes without invalidating old ones.
/// </summary>
internal sealed class PasswordHash
{
    public const string Prefix = "PBKDF2-SHA256";

    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256, also the minimum <see cref="PasswordPolicy"/> requires.</summary>
    public const int DefaultIterations = PasswordPolicy.OwaspMinimumIterations;

    private const int SaltSize = 16;
    private const int HashSize = 32;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// A hash no password matches (random salt and key), costing <paramref name="iterations"/> to check: what an unknown
    /// user name is checked against. Made without running PBKDF2.
    /// </summary>
    public static PasswordHash Decoy(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        return new PasswordHash(iterations, RandomNumberGenerator.GetBytes(SaltSize), RandomNumberGenerator.GetBytes(HashSize));
    }

    /// <summary>Parses a hash the options validator has already accepted.</summary>
    public static PasswordHash Parse(string text) =>
        TryParse(text, out var hash) ? hash! : throw new FormatException($"Not a {Prefix} password hash.");

    public static bool TryParse(string? text, out PasswordHash? result)
    {
        result = null;
        var parts = text?.Split('$');
        if (parts is not [Prefix, var iterationText, var saltText, var hashText]
            || !int.TryParse(iterationText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(saltText);
            var hash = Convert.FromBase64String(hashText);
            if (salt.Length < 8 || hash.Length < 16)
            {
                return false;
            }

            result = new PasswordHash(iterations, salt, hash);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Derives the key of <paramref name="passwordUtf8"/> and compares it in constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> passwordUtf8)
    {
        Span<byte> actual = stackalloc byte[_hash.Length];
        Rfc2898DeriveBytes.Pbkdf2(passwordUtf8, _salt, actual, Iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, _hash);
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> more PBKDF2 iterations over <paramref name="passwordUtf8"/> with this hash's
    /// salt and throws the result away: pads a cheaper check up to the cost of the dearest configured hash, so that the
    /// answer's timing does not tell which user names exist or how their hashes differ. Returns the iterations run.
    /// </summary>
    public int Spend(ReadOnlySpan<byte> passwordUtf8, int iterations)
    {
        if (iterations <= 0)
        {
            return 0;
        }

        Span<byte> discarded = stackalloc byte[_hash.Length];
        Rfc2898DeriveBytes.Pbkdf2(passwordUtf8, _salt, discarded, iterations, HashAlgorithmName.SHA256);
        CryptographicOperations.ZeroMemory(discarded);
        return iterations;
    }
}
