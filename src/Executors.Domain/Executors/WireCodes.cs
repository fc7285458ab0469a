using System.Collections.Frozen;
using System.Text.Json;

namespace Executors.Domain.Executors;

/// <summary>
/// The wire spelling of Hummingbot's enumerations (<c>NotStarted</c> ⇄ <c>NOT_STARTED</c>), computed once per enum
/// type. Persistence, validation and the response contract all use this one table, so a value can never be spelled
/// two ways.
/// </summary>
public static class WireCodes
{
    public static string ToCode<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Table<TEnum>.Codes.TryGetValue(value, out var code)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(TEnum).Name}.");

    /// <summary>Parses a code exactly as Hummingbot spells it (upper case, underscores).</summary>
    public static bool TryParse<TEnum>(string? code, out TEnum value)
        where TEnum : struct, Enum
    {
        if (code is not null && Table<TEnum>.Values.TryGetValue(code, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Parses a code in any letter case (<c>error</c>, <c>Error</c>, <c>ERROR</c>), as Python's logging levels are
    /// matched by the original service (it upper-cases what it is asked for).
    /// </summary>
    public static bool TryParseAnyCase<TEnum>(string? code, out TEnum value)
        where TEnum : struct, Enum
    {
        if (code is not null && Table<TEnum>.ValuesAnyCase.TryGetValue(code, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static TEnum ParseAnyCase<TEnum>(string code)
        where TEnum : struct, Enum =>
        TryParseAnyCase<TEnum>(code, out var value)
            ? value
            : throw new FormatException($"'{code}' is not a known {typeof(TEnum).Name}.");

    public static TEnum Parse<TEnum>(string code)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value)
            ? value
            : throw new FormatException($"'{code}' is not a known {typeof(TEnum).Name}.");

    /// <summary>Every code of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> AllCodes<TEnum>()
        where TEnum : struct, Enum => Table<TEnum>.All;

    private static class Table<TEnum>
        where TEnum : struct, Enum
    {
        internal static readonly FrozenDictionary<TEnum, string> Codes =
            Enum.GetValues<TEnum>().ToFrozenDictionary(value => value, value => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString()));

        internal static readonly FrozenDictionary<string, TEnum> Values =
            Codes.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        internal static readonly FrozenDictionary<string, TEnum> ValuesAnyCase =
            Codes.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);

        internal static readonly string[] All = [.. Enum.GetValues<TEnum>().Select(value => Codes[value])];
    }
}
