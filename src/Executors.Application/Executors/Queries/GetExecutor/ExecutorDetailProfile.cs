using System.Text.Json;
using Executors.Application.Common.Mapping;
using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>Aggregate → contract: wire codes for enums, Unix seconds for timestamps, UTC ISO 8601 for created_at.</summary>
public sealed class ExecutorDetailProfile : MappingProfile
{
    public ExecutorDetailProfile()
    {
        CreateMap<Executor, ExecutorDetailResponse>()
            .ForMember(response => response.Status, member => member.MapFrom(executor => Vocabulary.ToCode(executor.Status)))
            .ForMember(response => response.Side, member => member.MapFrom(executor => WireCode(executor.Side)))
            .ForMember(response => response.CloseType, member => member.MapFrom(executor => WireCode(executor.CloseType)))
            .ForMember(response => response.Timestamp, member => member.MapFrom(executor => UnixSeconds(executor.Timestamp)))
            .ForMember(response => response.CloseTimestamp, member => member.MapFrom(executor => UnixSeconds(executor.CloseTimestamp)))
            .ForMember(response => response.CreatedAt, member => member.MapFrom(executor => UtcDateTime(executor.CreatedAt)))
            .ForMember(response => response.Config, member => member.MapFrom(executor => JsonObject(executor.Config)))
            .ForMember(response => response.CustomInfo, member => member.MapFrom(executor => JsonObject(executor.CustomInfo)));
    }

    /// <summary>Seconds since the Unix epoch, keeping sub-second precision (Hummingbot's timestamps are floats).</summary>
    internal static decimal? UnixSeconds(DateTimeOffset? value) =>
        value is { } time ? (decimal)(time.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond : null;

    // A UTC DateTime serializes as "2024-01-15T10:30:00Z", the contract's example format.
    private static DateTime? UtcDateTime(DateTimeOffset? value) => value?.UtcDateTime;

    private static string? WireCode<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } code ? Vocabulary.ToCode(code) : null;

    private static JsonElement? JsonObject(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
