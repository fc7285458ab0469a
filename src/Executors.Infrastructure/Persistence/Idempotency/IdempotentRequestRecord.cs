namespace Executors.Infrastructure.Persistence.Idempotency;

/// <summary>A request that carried an Idempotency-Key: whose, which key, what it was (a hash) and what it was answered.</summary>
internal sealed class IdempotentRequestRecord
{
    public long Id { get; private set; }

    public string UserName { get; private set; } = string.Empty;

    public string Key { get; private set; } = string.Empty;

    public string RequestHash { get; private set; } = string.Empty;

    /// <summary>The answer as JSON; written in the same unit of work as the claim, so never null once committed.</summary>
    public string? Answer { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
