using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

/// <summary>
/// Appends entries to an executor's bounded log; ERROR entries are also recorded on the executor (error_count,
/// last_error), in the same transaction. A TERMINATED executor is final, so its log is closed too (409).
/// </summary>
internal sealed class AppendExecutorLogsCommandHandler : IRequestHandler<AppendExecutorLogsCommand, AppendExecutorLogsResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly IExecutorLogRepository _logs;
    private readonly ExecutorLogOptions _options;
    private readonly ICurrentUser _user;

    public AppendExecutorLogsCommandHandler(IExecutorRepository executors, IExecutorLogRepository logs, ExecutorLogOptions options, ICurrentUser user)
    {
        _executors = executors;
        _logs = logs;
        _options = options;
        _user = user;
    }

    public async Task<AppendExecutorLogsResponse> Handle(AppendExecutorLogsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Locked until the command commits: appends to one executor (and its state reports) take turns, so the error
        // count and the log's bound hold whatever arrives at once.
        var executor = await _executors.FindForUpdateAsync(request.ExecutorId, _user.Accounts, cancellationToken);
        if (executor is null)
        {
            throw new NotFoundException("Executor", request.ExecutorId);
        }

        var entries = new List<ExecutorLogEntry>(request.Body.Entries!.Count);
        foreach (var entry in request.Body.Entries!)
        {
            var level = WireCodes.ParseAnyCase<ExecutorLogLevel>(entry.Level!);
            entries.Add(executor.Log(entry.Timestamp!.Value, level, entry.Message!, entry.ExceptionInfo));
        }

        var keep = Math.Max(1, _options.MaxEntriesPerExecutor);
        await _logs.AppendAsync(executor.ExecutorId, entries, keep, cancellationToken);
        return new AppendExecutorLogsResponse
        {
            Appended = entries.Count,
            TotalCount = await _logs.CountAsync(executor.ExecutorId, null, cancellationToken),
            ErrorCount = executor.ErrorCount,
        };
    }
}
