using Executors.Domain.Executors;

namespace Executors.Application.Common.Mapping;

/// <summary>How the contract writes values: wire codes, Unix seconds, UTC ISO 8601.</summary>
internal static class ContractFormat
{
    /// <summary>Seconds since the Unix epoch, keeping sub-second precision (Hummingbot's timestamps are floats).</summary>
    public static decimal? UnixSeconds(DateTimeOffset? value) =>
        value is { } time ? (decimal)(time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond : null;

    /// <summary>The instant of a Unix-seconds value as the contract sends it (sub-second precision to the tick).</summary>
    public static DateTimeOffset FromUnixSeconds(decimal seconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>A UTC DateTime serializes as "2024-01-15T10:30:00Z", the contract's example format.</summary>
    public static DateTime? UtcDateTime(DateTimeOffset? value) => value?.UtcDateTime;

    public static string? WireCode<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } code ? Vocabulary.ToCode(code) : null;
}
