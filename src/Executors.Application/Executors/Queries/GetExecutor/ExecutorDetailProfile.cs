using Executors.Application.Common.Mapping;
using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>Aggregate → detailed contract: the summary view plus config and custom_info, passed through as
/// the stored JSON text (written as JSON by <see cref="Common.Json.RawJsonConverter"/>).</summary>
public sealed class ExecutorDetailProfile : MappingProfile
{
    public ExecutorDetailProfile()
    {
        CreateMap<Executor, ExecutorDetailResponse>()
            .IncludeBase<IExecutorRecord, ExecutorResponse>()
            .ForMember(response => response.ETag, member => member.MapFrom(executor => ExecutorETag.For(executor.Version)));
    }
}
