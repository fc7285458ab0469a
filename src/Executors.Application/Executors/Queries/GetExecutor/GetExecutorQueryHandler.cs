using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

public sealed class GetExecutorQueryHandler : IRequestHandler<GetExecutorQuery, ExecutorDetailResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly IMapper _mapper;
    private readonly IFinalExecutorCache? _finalExecutors;

    public GetExecutorQueryHandler(IExecutorRepository executors, IMapper mapper, IFinalExecutorCache? finalExecutors = null)
    {
        _executors = executors;
        _mapper = mapper;
        _finalExecutors = finalExecutors;
    }

    public async Task<ExecutorDetailResponse> Handle(GetExecutorQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (_finalExecutors is not null && _finalExecutors.TryGet(request.ExecutorId, out var final))
        {
            return final!;
        }

        var executor = await _executors.FindAsync(request.ExecutorId, cancellationToken)
            ?? throw new NotFoundException("Executor", request.ExecutorId);

        var response = _mapper.Map<ExecutorDetailResponse>(executor);
        _finalExecutors?.Offer(response);
        return response;
    }
}
