namespace Executors.Domain.Executors;

/// <summary>A stop requested for an executor: when, and whether its position is to be kept (POSITION_HOLD) or closed.</summary>
public sealed record ExecutorStopRequest(DateTimeOffset RequestedAt, bool KeepPosition);
