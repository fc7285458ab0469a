using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

public sealed class GetExecutorQueryHandler : IRequestHandler<GetExecutorQuery, ExecutorDetailResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly IMapper _mapper;

    public GetExecutorQueryHandler(IExecutorRepository executors, IMapper mapper)
    {
        _executors = executors;
        _mapper = mapper;
    }

    public async Task<ExecutorDetailResponse> Handle(GetExecutorQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var executor = await _executors.FindAsync(request.ExecutorId, cancellationToken)
            ?? throw new NotFoundException("Executor", request.ExecutorId);

        return _mapper.Map<ExecutorDetailResponse>(executor);
    }
}
