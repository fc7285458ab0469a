using System.Text.Json;
using Executors.Application.Common.Mapping;
using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>Aggregate → detailed contract: the summary view plus config and custom_info passed through as JSON.</summary>
public sealed class ExecutorDetailProfile : MappingProfile
{
    public ExecutorDetailProfile()
    {
        CreateMap<Executor, ExecutorDetailResponse>()
            .IncludeBase<IExecutorRecord, ExecutorResponse>()
            .ForMember(response => response.Config, member => member.MapFrom(executor => JsonObject(executor.Config)))
            .ForMember(response => response.CustomInfo, member => member.MapFrom(executor => JsonObject(executor.CustomInfo)))
            .ForMember(response => response.ETag, member => member.MapFrom(executor => ExecutorETag.For(executor.Version)));
    }

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
