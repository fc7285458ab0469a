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
    /// Whether <paramref name="executorId"/> is a usable id. An id made only of dots is refused: "." and ".." are
    /// collapsed as path segments, so such an executor could never be fetched by URL.
    /// </summary>
    public static bool IsWellFormed(string? executorId) =>
        executorId is { Length: > 0 and <= MaxLength }
        && !executorId.AsSpan().ContainsAnyExcept(Allowed)
        && executorId.AsSpan().ContainsAnyExcept('.');
}
