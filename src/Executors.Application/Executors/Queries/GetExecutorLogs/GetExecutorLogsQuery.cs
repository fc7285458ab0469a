using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

/// <summary>An executor's newest log entries (of one level, if given), newest last.</summary>
public sealed record GetExecutorLogsQuery(string ExecutorId, string? Level, int? Limit) : IRequest<ExecutorLogsResponse>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
}
