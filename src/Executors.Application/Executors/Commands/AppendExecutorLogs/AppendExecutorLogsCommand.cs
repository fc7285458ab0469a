using Executors.Application.Common.Persistence;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

/// <summary>Append log entries to an executor's log.</summary>
public sealed record AppendExecutorLogsCommand(string ExecutorId, AppendExecutorLogsRequest Body) : ICommand<AppendExecutorLogsResponse>;
