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
        ExecutorLogLevel? level = request.Level is null ? null : Vocabulary.Parse<ExecutorLogLevel>(request.Level);
        var entries = await _logs.ListAsync(request.ExecutorId, level, request.Limit ?? GetExecutorLogsQuery.DefaultLimit, cancellationToken);

        // Entries exist only for existing executors (the foreign key), so the executor is looked up only when there
        // are none: an empty log and an unknown executor must still be told apart.
        if (entries.Count == 0 && await _executors.FindAsync(request.ExecutorId, cancellationToken) is null)
        {
            throw new NotFoundException("Executor", request.ExecutorId);
        }
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
