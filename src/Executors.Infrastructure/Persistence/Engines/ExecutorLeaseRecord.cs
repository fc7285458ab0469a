namespace Executors.Infrastructure.Persistence.Engines;

/// <summary>Which engine holds an executor, since when, and until when without a heartbeat.</summary>
internal sealed class ExecutorLeaseRecord
{
    public string ExecutorId { get; private set; } = string.Empty;

    public string EngineId { get; private set; } = string.Empty;

    public DateTimeOffset ClaimedAt { get; private set; }

    public DateTimeOffset LeaseExpiresAt { get; private set; }
}
