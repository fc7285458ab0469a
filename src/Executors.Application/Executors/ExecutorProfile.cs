using AutoMapper;
using Executors.Application.Executors.Commands.PutExecutor;
using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;

namespace Executors.Application.Executors;

/// <summary>
/// The executor in and out of the contract: a reported state into the domain's <see cref="ExecutorState"/>, the
/// aggregate into its records. Members match by name and convert by type (<see cref="Common.Mapping.ContractValuesProfile"/>),
/// so a field named alike on both sides needs nothing here.
/// </summary>
internal sealed class ExecutorProfile : Profile
{
    public ExecutorProfile()
    {
        CreateMap<ExecutorStateRequest, ExecutorState>()
            .ForMember(state => state.ControllerId, member => member.MapFrom(request => request.ControllerId ?? ExecutorState.DefaultControllerId));

        CreateMap<ExecutorState, ExecutorResponse>(MemberList.None);
        // Explicit, so that a list maps to this type exactly, not to a derived map's (Executor → ExecutorDetailResponse).
        CreateMap<Executor, ExecutorResponse>().IncludeMembers(executor => executor.State);

        CreateMap<ExecutorState, ExecutorDetailResponse>(MemberList.None).IncludeBase<ExecutorState, ExecutorResponse>()
            .ForMember(response => response.CustomInfo, member => member.MapFrom(state => CustomInfoOnRead.Of(state.CustomInfo, state.ExecutorType)));
        CreateMap<Executor, ExecutorDetailResponse>().IncludeBase<Executor, ExecutorResponse>().IncludeMembers(executor => executor.State);
    }
}
