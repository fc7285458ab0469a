namespace Executors.Application.Executors.Commands.CreateExecutor;

/// <summary>
/// The answers given to requests that carried an <c>Idempotency-Key</c>, per user, inside the command's unit of work.
/// </summary>
public interface IIdempotentRequests
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="userName"/>'s request (identified by <paramref name="requestHash"/>).
    /// <see langword="null"/> when the key is new: the caller goes on and must <see cref="AnswerAsync"/> before its unit
    /// of work commits. Otherwise the request that claimed it first — waiting, when that one is still running, until it
    /// commits (or rolls back, and then the key is this caller's).
    /// </summary>
    Task<IdempotentRequest?> ClaimAsync(string userName, string key, string requestHash, CancellationToken cancellationToken);

    /// <summary>Records the answer to the request that claimed <paramref name="key"/>.</summary>
    Task AnswerAsync(string userName, string key, string answerJson, CancellationToken cancellationToken);
}

/// <summary>A request seen before under the same key: what it was (its hash) and what it was answered.</summary>
public sealed record IdempotentRequest(string RequestHash, string AnswerJson);
