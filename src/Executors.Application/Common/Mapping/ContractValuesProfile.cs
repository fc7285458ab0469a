using System.Text.Json;
using AutoMapper;
using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Application.Common.Mapping;

/// <summary>
/// How the contract writes each kind of value, by type, for every map of the service: codes as Hummingbot spells
/// them, instants as Unix seconds (or UTC ISO 8601 where the contract has a date), JSON objects as themselves. A new
/// field of a type listed here maps by its name alone.
/// </summary>
internal sealed class ContractValuesProfile : Profile
{
    public ContractValuesProfile()
    {
        WireCodeMaps<ExecutorStatus>();
        WireCodeMaps<TradeSide>();
        WireCodeMaps<CloseType>();
        WireCodeMaps<ExecutorLogLevel>();

        CreateMap<DateTimeOffset?, decimal?>().ConvertUsing(time => time == null ? null : ContractFormat.UnixSeconds(time.Value));
        CreateMap<decimal?, DateTimeOffset?>().ConvertUsing(seconds => seconds == null ? null : ContractFormat.FromUnixSeconds(seconds.Value));
        CreateMap<DateTimeOffset?, DateTime?>().ConvertUsing(time => time == null ? null : time.Value.UtcDateTime);

        CreateMap<JsonObjectValue?, string?>().ConvertUsing(json => json == null ? null : json.Json);
        CreateMap<JsonElement?, JsonObjectValue?>().ConvertUsing(json => json == null ? null : JsonObjectValue.Parse(json.Value.GetRawText(), "json"));
    }

    private void WireCodeMaps<TEnum>()
        where TEnum : struct, Enum
    {
        CreateMap<TEnum, string>().ConvertUsing(value => WireCodes.ToCode(value));
        CreateMap<string, TEnum>().ConvertUsing(code => WireCodes.Parse<TEnum>(code));
        CreateMap<TEnum?, string?>().ConvertUsing(value => value == null ? null : WireCodes.ToCode(value.Value));
        CreateMap<string?, TEnum?>().ConvertUsing(code => code == null ? null : WireCodes.Parse<TEnum>(code));
    }
}
