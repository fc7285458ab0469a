using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

public sealed class GetExecutorQueryHandler : IRequestHandler<GetExecutorQuery, ExecutorDetailResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;
    private readonly IFinalExecutorCache? _finalExecutors;

    public GetExecutorQueryHandler(IExecutorRepository executors, ICurrentUser user, IMapper mapper, IFinalExecutorCache? finalExecutors = null)
    {
        _executors = executors;
        _user = user;
        _mapper = mapper;
        _finalExecutors = finalExecutors;
    }

    public async Task<ExecutorDetailResponse> Handle(GetExecutorQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var scope = _user.Accounts;
        if (_finalExecutors is not null && _finalExecutors.TryGet(request.ExecutorId, out var final) && scope.Allows(final!.AccountName))
        {
            return final;
        }

        // A remembered executor of another account is not answered from memory: the lookup below then costs what an
        // unknown id costs and finds nothing, so neither the answer nor its timing says the executor exists.
        var executor = await _executors.FindAsync(request.ExecutorId, scope, cancellationToken)
            ?? throw new NotFoundException("Executor", request.ExecutorId);

        var response = _mapper.Map<ExecutorDetailResponse>(executor);
        _finalExecutors?.Offer(response);
        return response;
    }
}
