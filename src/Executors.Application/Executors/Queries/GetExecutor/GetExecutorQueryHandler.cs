using AutoMapper;
using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

internal sealed class GetExecutorQueryHandler : IRequestHandler<GetExecutorQuery, GetExecutorQueryResult>
{
    private readonly IExecutorRepository _executors;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;

    public GetExecutorQueryHandler(IExecutorRepository executors, ICurrentUser user, IMapper mapper)
    {
        _executors = executors;
        _user = user;
        _mapper = mapper;
    }

    public async Task<GetExecutorQueryResult> Handle(GetExecutorQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Another account's executor is looked up like an unknown id (one index probe, no row): the same 404, the same cost.
        var executor = await _executors.FindAsync(request.ExecutorId, _user.Accounts, cancellationToken);
        return executor is null
            ? GetExecutorQueryResult.NotFound(request.ExecutorId)
            : GetExecutorQueryResult.Of(_mapper.Map<ExecutorDetailResponse>(executor));
    }
}
