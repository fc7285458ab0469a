using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// A password hash as configured in <c>Authentication:Users:N:PasswordHash</c>. <c>hash-password</c> writes ASP.NET
/// Core Identity's format (<see cref="PasswordHasher{TUser}"/>, version 3: base64 of a marker, the PRF, the iteration
/// count, the salt and the key), which Identity's own hasher verifies; the legacy
/// <c>PBKDF2-SHA256$iterations$salt$hash</c> of earlier versions is still verified, so that no configuration breaks
/// on upgrade. Both carry their iteration count, which <see cref="PasswordPolicy"/> checks and the equal-cost padding
/// of <see cref="UserSnapshot"/> reads.
/// </summary>
/// <remarks>
/// Identity version 2 hashes (1,000 iterations of HMAC-SHA1) and version 3 hashes with HMAC-SHA1 are refused as
/// malformed: SHA-1 needs far more iterations than the policy asks of SHA-256 and SHA-512, and nothing here makes them.
/// </remarks>
internal sealed class PasswordHash
{
    public const string LegacyPrefix = "PBKDF2-SHA256";

    /// <summary>What <c>hash-password</c> uses unless told otherwise: the least <see cref="PasswordPolicy.Default"/> accepts.</summary>
    public const int DefaultIterations = PasswordPolicy.OwaspMinimumIterations;

    private const byte IdentityV3Marker = 0x01;
    private const int IdentityHeaderSize = 13;

    // PasswordHasher refuses a version 3 hash whose salt or key is shorter; so does the parser, so that a hash accepted
    // at start-up is one Identity's hasher will verify.
    private const int MinimumSaltAndKeySize = 16;

    // The default hasher ignores the user it is given: one placeholder serves every call.
    private static readonly object NoUser = new();
    private static readonly PasswordHasher<object> IdentityVerifier = new();

    private readonly string _text;
    private readonly byte[] _salt;
    private readonly byte[] _key;

    private PasswordHash(PasswordHashFormat format, HashAlgorithmName algorithm, int iterations, byte[] salt, byte[] key, string text)
    {
        Format = format;
        Algorithm = algorithm;
        Iterations = iterations;
        _salt = salt;
        _key = key;
        _text = text;
    }

    public PasswordHashFormat Format { get; }

    /// <summary>The PBKDF2 pseudo-random function's hash: SHA-512 for what <c>hash-password</c> makes, SHA-256 for legacy hashes.</summary>
    public HashAlgorithmName Algorithm { get; }

    public int Iterations { get; }

    /// <summary>What one check of this hash costs.</summary>
    public PasswordWork Work => PasswordWork.Of(Algorithm, (long)Iterations * Blocks);

    // PBKDF2 runs its iterations once per output block of the hash function: a key longer than one block costs more.
    private int Blocks
    {
        get
        {
            var blockSize = Algorithm == HashAlgorithmName.SHA512 ? SHA512.HashSizeInBytes : SHA256.HashSizeInBytes;
            return (_key.Length + blockSize - 1) / blockSize;
        }
    }

    /// <summary>A hash of <paramref name="password"/> in ASP.NET Core Identity's format, by Identity's own hasher.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
        return hasher.HashPassword(NoUser, password);
    }

    /// <summary>Parses a hash the options validator has already accepted.</summary>
    public static PasswordHash Parse(string text) =>
        TryParse(text, out var hash) ? hash! : throw new FormatException("Not a password hash this API accepts.");

    public static bool TryParse(string? text, out PasswordHash? result)
    {
        result = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return text.StartsWith(LegacyPrefix + "$", StringComparison.Ordinal) ? TryParseLegacy(text, out result) : TryParseIdentity(text, out result);
    }

    /// <summary>Whether <paramref name="passwordUtf8"/> is the password; the comparison takes constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> passwordUtf8)
    {
        if (Format == PasswordHashFormat.Legacy)
        {
            var actual = new byte[_key.Length];
            Rfc2898DeriveBytes.Pbkdf2(passwordUtf8, _salt, actual, Iterations, HashAlgorithmName.SHA256);
            return CryptographicOperations.FixedTimeEquals(actual, _key);
        }

        // Identity's hasher takes the password as a string and encodes it as UTF-8 again; BasicCredentials accepted
        // only valid UTF-8, so these are the same bytes.
        var result = IdentityVerifier.VerifyHashedPassword(NoUser, _text, Encoding.UTF8.GetString(passwordUtf8));
        return result is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
    }

    private static bool TryParseIdentity(string text, out PasswordHash? result)
    {
        result = null;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length < IdentityHeaderSize + (2 * MinimumSaltAndKeySize) || bytes[0] != IdentityV3Marker)
        {
            return false;
        }

        // Identity's KeyDerivationPrf: 0 is HMAC-SHA1 (refused), 1 HMAC-SHA256, 2 HMAC-SHA512.
        var prf = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1));
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9));
        HashAlgorithmName? algorithm = prf switch
        {
            1 => HashAlgorithmName.SHA256,
            2 => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (algorithm is null
            || iterations is < 1 or > int.MaxValue
            || saltLength < MinimumSaltAndKeySize
            || saltLength > bytes.Length - IdentityHeaderSize - MinimumSaltAndKeySize)
        {
            return false;
        }

        var keyStart = IdentityHeaderSize + (int)saltLength;
        result = new PasswordHash(PasswordHashFormat.Identity, algorithm.Value, (int)iterations, bytes[IdentityHeaderSize..keyStart], bytes[keyStart..], text);
        return true;
    }

    private static bool TryParseLegacy(string text, out PasswordHash? result)
    {
        result = null;
        if (text.Split('$') is not [LegacyPrefix, var iterationText, var saltText, var keyText]
            || !int.TryParse(iterationText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(saltText);
            var key = Convert.FromBase64String(keyText);
            if (salt.Length < 8 || key.Length < 16)
            {
                return false;
            }

            result = new PasswordHash(PasswordHashFormat.Legacy, HashAlgorithmName.SHA256, iterations, salt, key, text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
