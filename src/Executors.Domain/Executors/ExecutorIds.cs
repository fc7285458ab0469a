using System.Buffers;

namespace Executors.Domain.Executors;

/// <summary>
/// What an executor id may look like: 1–128 letters, digits and <c>._:-</c>. Hummingbot's own ids are 44-character
/// base58 strings; the wider alphabet admits ids of other engines without admitting anything that needs escaping in a
/// URL, a log line or a header.
/// </summary>
public static class ExecutorIds
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    /// <summary>
    /// The literal path segments of the executor routes (<c>/executors/search</c>, <c>/executors/summary</c>,
    /// <c>/executors/performance</c>, <c>/executors/types/…</c>, <c>/executors/positions/…</c>), in any letter case (routes
    /// match segments so): no executor may be called so, or its URL would name the route, not the executor.
    /// </summary>
    public static IReadOnlyList<string> Reserved { get; } = ["search", "summary", "performance", "types", "positions"];

    /// <summary>
    /// Whether <paramref name="executorId"/> is a usable id. An id made only of dots is refused: "." and ".." are
    /// collapsed as path segments, so such an executor could never be fetched by URL; so is a <see cref="Reserved"/> word.
    /// </summary>
    public static bool IsWellFormed(string? executorId) =>
        executorId is { Length: > 0 and <= MaxLength }
        && !executorId.AsSpan().ContainsAnyExcept(Allowed)
        && executorId.AsSpan().ContainsAnyExcept('.')
        && !IsReserved(executorId);

    /// <summary>The length of the ids this service makes (<see cref="NewId"/>), as Hummingbot's own.</summary>
    public const int GeneratedLength = 44;

    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>
    /// A new executor id as Hummingbot makes one: 32 random bytes (a cryptographic generator) in base58, 44 characters.
    /// Base58 of 32 bytes is 44 characters unless the number is small (about 1 draw in 17); such draws are drawn again, so
    /// every id has the same length and still 256 bits of chance.
    /// </summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
            var id = Base58(bytes);
            if (id.Length == GeneratedLength)
            {
                return id;
            }
        }
    }

    private static string Base58(ReadOnlySpan<byte> bytes)
    {
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new System.Text.StringBuilder(GeneratedLength);
        while (value > 0)
        {
            value = System.Numerics.BigInteger.DivRem(value, 58, out var remainder);
            digits.Insert(0, Base58Alphabet[(int)remainder]);
        }

        return digits.ToString();
    }

    /// <summary>Whether <paramref name="segment"/> is one of the <see cref="Reserved"/> words, in any letter case.</summary>
    public static bool IsReserved(string segment) =>
        Reserved.Contains(segment, StringComparer.OrdinalIgnoreCase);
}
