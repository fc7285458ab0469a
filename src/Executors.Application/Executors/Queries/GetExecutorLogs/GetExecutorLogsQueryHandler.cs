using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Mapping;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

public sealed class GetExecutorLogsQueryHandler : IRequestHandler<GetExecutorLogsQuery, ExecutorLogsResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly IExecutorLogRepository _logs;

    public GetExecutorLogsQueryHandler(IExecutorRepository executors, IExecutorLogRepository logs)
    {
        _executors = executors;
        _logs = logs;
    }

    public async Task<ExecutorLogsResponse> Handle(GetExecutorLogsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = await _executors.FindAsync(request.ExecutorId, cancellationToken)
            ?? throw new NotFoundException("Executor", request.ExecutorId);

        ExecutorLogLevel? level = request.Level is null ? null : Vocabulary.Parse<ExecutorLogLevel>(request.Level);
        var entries = await _logs.ListAsync(request.ExecutorId, level, request.Limit ?? GetExecutorLogsQuery.DefaultLimit, cancellationToken);
        return new ExecutorLogsResponse
        {
            ExecutorId = request.ExecutorId,
            Logs = [.. entries.Select(entry => new ExecutorLogEntryResponse
            {
                Timestamp = ContractFormat.UnixSeconds(entry.Timestamp)!.Value,
                Level = Vocabulary.ToCode(entry.Level),
                Message = entry.Message,
                ExceptionInfo = entry.ExceptionInfo,
            })],
            TotalCount = await _logs.CountAsync(request.ExecutorId, level, cancellationToken),
        };
    }
}
