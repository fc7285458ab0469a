using System.Diagnostics.CodeAnalysis;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>
/// The answer to <see cref="GetExecutorQuery"/>: the executor's record, or "not found". An unknown id is an ordinary
/// answer of a lookup, not a failure, so it is returned rather than thrown; the API turns it into the same 404 problem
/// a <see cref="Common.Exceptions.NotFoundException"/> would have become. An executor of another account is "not found"
/// too (ADR 7).
/// </summary>
public sealed class GetExecutorQueryResult
{
    private GetExecutorQueryResult(string executorId, ExecutorDetailResponse? executor)
    {
        ExecutorId = executorId;
        Executor = executor;
    }

    /// <summary>The id that was asked for.</summary>
    public string ExecutorId { get; }

    /// <summary>The record; <see langword="null"/> when not found.</summary>
    public ExecutorDetailResponse? Executor { get; }

    [MemberNotNullWhen(true, nameof(Executor))]
    public bool Found => Executor is not null;

    /// <summary>What the 404 says: the text of <c>new NotFoundException("Executor", id).Message</c>.</summary>
    public string NotFoundDetail => $"Executor '{ExecutorId}' was not found.";

    public static GetExecutorQueryResult Of(ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return new GetExecutorQueryResult(executor.ExecutorId, executor);
    }

    public static GetExecutorQueryResult NotFound(string executorId)
    {
        ArgumentNullException.ThrowIfNull(executorId);
        return new GetExecutorQueryResult(executorId, executor: null);
    }
}
