using Executors.Application.Common.Mapping;
using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>Any executor record → the contract's summary view: wire codes, Unix seconds, UTC ISO 8601.</summary>
public sealed class ExecutorRecordProfile : MappingProfile
{
    public ExecutorRecordProfile()
    {
        CreateMap<IExecutorRecord, ExecutorResponse>()
            .ForMember(response => response.Status, member => member.MapFrom(executor => Vocabulary.ToCode(executor.Status)))
            .ForMember(response => response.Side, member => member.MapFrom(executor => ContractFormat.WireCode(executor.Side)))
            .ForMember(response => response.CloseType, member => member.MapFrom(executor => ContractFormat.WireCode(executor.CloseType)))
            .ForMember(response => response.Timestamp, member => member.MapFrom(executor => ContractFormat.UnixSeconds(executor.Timestamp)))
            .ForMember(response => response.CloseTimestamp, member => member.MapFrom(executor => ContractFormat.UnixSeconds(executor.CloseTimestamp)))
            .ForMember(response => response.CreatedAt, member => member.MapFrom(executor => ContractFormat.UtcDateTime(executor.CreatedAt)));

        // Explicit, so that a list maps to this type exactly, not to a derived map's (Executor → ExecutorDetailResponse).
        CreateMap<Executor, ExecutorResponse>().IncludeBase<IExecutorRecord, ExecutorResponse>();
    }
}
