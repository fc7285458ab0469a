using System.Globalization;
using AutoMapper;
using Executors.Domain.Executors;
using Executors.Domain.Positions;

namespace Executors.Application.Positions;

/// <summary>The position hold into the contract: names match, the computed figures are the aggregate's own.</summary>
internal sealed class PositionHoldProfile : Profile
{
    public PositionHoldProfile()
    {
        CreateMap<PositionSide, string>().ConvertUsing(side => WireCodes.ToCode(side));
        CreateMap<PositionHold, PositionHoldResponse>()
            .ForMember(response => response.ExecutorCount, member => member.MapFrom(position => position.ExecutorIds.Count))
            .ForMember(response => response.ExecutorIds, member => member.MapFrom(position => position.ExecutorIds.ToList()))
            .ForMember(response => response.UnrealizedPnlQuote, member => member.MapFrom(_ => (decimal?)null))
            .ForMember(response => response.LastUpdated, member => member.MapFrom(position => IsoUtc(position.LastUpdated)));
    }

    /// <summary>ISO 8601 in UTC with microseconds, as Python's <c>isoformat()</c> of an aware instant writes it.</summary>
    internal static string? IsoUtc(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
}
