using Executors.Application.Common.Persistence;

namespace Executors.Application.Executors.Commands.CreateExecutor;

/// <summary>Record a new executor, NOT_STARTED, for an engine to run.</summary>
/// <param name="Body">The request as sent.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, when sent: a retry with it gets the first answer.</param>
public sealed record CreateExecutorCommand(CreateExecutorRequest Body, string? IdempotencyKey) : ICommand<CreateExecutorResult>
{
    /// <summary>The longest <c>Idempotency-Key</c> taken.</summary>
    public const int MaxIdempotencyKeyLength = 255;
}

/// <summary>The answer, and whether it is the replay of an earlier request's (same Idempotency-Key).</summary>
public sealed record CreateExecutorResult(CreateExecutorResponse Executor, bool Replayed);
