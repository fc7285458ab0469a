using System.Security.Cryptography;

namespace Executors.Api.Authentication;

/// <summary>
/// PBKDF2 work, counted per hash function: iterations times the output blocks derived. Counted apart because an
/// iteration of HMAC-SHA512 and one of HMAC-SHA256 do not cost the same, so padding a check with the wrong function
/// would leave it measurably cheaper or dearer than another (<see cref="UserSnapshot.Verify"/>).
/// </summary>
internal readonly record struct PasswordWork(long Sha256, long Sha512)
{
    public static PasswordWork None => default;

    public static PasswordWork Of(HashAlgorithmName algorithm, long work) =>
        algorithm == HashAlgorithmName.SHA512 ? new(0, work) : new(work, 0);

    public static PasswordWork Max(PasswordWork a, PasswordWork b) => new(Math.Max(a.Sha256, b.Sha256), Math.Max(a.Sha512, b.Sha512));

    public static PasswordWork operator +(PasswordWork a, PasswordWork b) => new(a.Sha256 + b.Sha256, a.Sha512 + b.Sha512);

    /// <summary>What <paramref name="a"/> has beyond <paramref name="b"/>, never below zero.</summary>
    public static PasswordWork operator -(PasswordWork a, PasswordWork b) => new(Math.Max(0, a.Sha256 - b.Sha256), Math.Max(0, a.Sha512 - b.Sha512));

    public PasswordWork Add(PasswordWork other) => this + other;

    public PasswordWork Subtract(PasswordWork other) => this - other;

    /// <summary>Does this much PBKDF2 work over <paramref name="passwordUtf8"/> and throws the result away.</summary>
    public void Spend(ReadOnlySpan<byte> passwordUtf8, ReadOnlySpan<byte> salt)
    {
        Spend(passwordUtf8, salt, HashAlgorithmName.SHA256, SHA256.HashSizeInBytes, Sha256);
        Spend(passwordUtf8, salt, HashAlgorithmName.SHA512, SHA512.HashSizeInBytes, Sha512);
    }

    private static void Spend(ReadOnlySpan<byte> passwordUtf8, ReadOnlySpan<byte> salt, HashAlgorithmName algorithm, int blockSize, long work)
    {
        // One output block per derivation, so that the work is the iteration count; PBKDF2 takes an int count.
        Span<byte> discarded = stackalloc byte[blockSize];
        for (var left = work; left > 0; left -= int.MaxValue)
        {
            Rfc2898DeriveBytes.Pbkdf2(passwordUtf8, salt, discarded, (int)Math.Min(left, int.MaxValue), algorithm);
        }

        CryptographicOperations.ZeroMemory(discarded);
    }
}
