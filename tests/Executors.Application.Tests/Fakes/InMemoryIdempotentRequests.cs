using System.Collections.Concurrent;
using Executors.Application.Executors.Commands.CreateExecutor;

namespace Executors.Application.Tests.Fakes;

/// <summary>Idempotency keys in a dictionary: claimed once per user and key, answered afterwards (no expiry, no waiting).</summary>
internal sealed class InMemoryIdempotentRequests : IIdempotentRequests
{
    private readonly ConcurrentDictionary<(string User, string Key), (string Hash, string? Answer)> _requests = new();

    public Task<IdempotentRequest?> ClaimAsync(string userName, string key, string requestHash, CancellationToken cancellationToken) =>
        Task.FromResult(_requests.TryAdd((userName, key), (requestHash, null))
            ? null
            : new IdempotentRequest(_requests[(userName, key)].Hash, _requests[(userName, key)].Answer ?? "null"));

    public Task AnswerAsync(string userName, string key, string answerJson, CancellationToken cancellationToken)
    {
        _requests[(userName, key)] = (_requests[(userName, key)].Hash, answerJson);
        return Task.CompletedTask;
    }
}
