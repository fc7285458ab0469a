using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

internal sealed class GetExecutorLogsQueryHandler : IRequestHandler<GetExecutorLogsQuery, ExecutorLogsResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly IExecutorLogRepository _logs;
    private readonly ICurrentUser _user;

    public GetExecutorLogsQueryHandler(IExecutorRepository executors, IExecutorLogRepository logs, ICurrentUser user)
    {
        _executors = executors;
        _logs = logs;
        _user = user;
    }

    public async Task<ExecutorLogsResponse> Handle(GetExecutorLogsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ExecutorLogLevel? level = request.Level is null ? null : WireCodes.ParseAnyCase<ExecutorLogLevel>(request.Level);
        var scope = _user.Accounts;

        // A restricted caller must own the executor before a line of its log is read.
        if (!scope.IsAll && !await _executors.ExistsAsync(request.ExecutorId, scope, cancellationToken))
        {
            throw new NotFoundException("Executor", request.ExecutorId);
        }

        var entries = await _logs.ListAsync(request.ExecutorId, level, request.Limit ?? GetExecutorLogsQuery.DefaultLimit, cancellationToken);

        // Entries exist only for existing executors (the foreign key), so an unrestricted caller's executor is looked
        // up only when there are none: an empty log and an unknown executor must still be told apart.
        if (entries.Count == 0 && scope.IsAll && !await _executors.ExistsAsync(request.ExecutorId, scope, cancellationToken))
        {
            throw new NotFoundException("Executor", request.ExecutorId);
        }

        return new ExecutorLogsResponse
        {
            ExecutorId = request.ExecutorId,
            Logs = [.. entries.Select(entry => new ExecutorLogEntryResponse
            {
                Timestamp = entry.Timestamp.ToUniversalTime(),
                Level = WireCodes.ToCode(entry.Level),
                Message = entry.Message,
                ExceptionInfo = entry.ExceptionInfo,
            })],
            TotalCount = await _logs.CountAsync(request.ExecutorId, level, cancellationToken),
        };
    }
}
