using System.Text.Json.Serialization;
using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Engines;

/// <summary>The executors an engine holds (or has just claimed), each with its lease.</summary>
public sealed class EngineExecutorsResponse
{
    /// <summary>The engine</summary>
    [JsonPropertyName("engine_id")]
    public required string EngineId { get; init; }

    /// <summary>The executors and their leases, oldest first</summary>
    [JsonPropertyName("executors")]
    public required IReadOnlyList<EngineExecutorResponse> Executors { get; init; }
}

/// <summary>One executor an engine holds.</summary>
public sealed class EngineExecutorResponse
{
    /// <summary>When the lease runs out unless the engine heartbeats (ISO 8601, UTC)</summary>
    [JsonPropertyName("lease_expires_at")]
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>Whether the lease has run out: the executor is unattended, and another engine may claim it</summary>
    [JsonPropertyName("lease_expired")]
    public required bool LeaseExpired { get; init; }

    /// <summary>When a stop was asked for (ISO 8601, UTC); null while none is: the engine stops the executor when set</summary>
    [JsonPropertyName("stop_requested_at")]
    public required DateTimeOffset? StopRequestedAt { get; init; }

    /// <summary>Whether the stop asks to keep the position (close as POSITION_HOLD rather than EARLY_STOP); null without a stop</summary>
    [JsonPropertyName("keep_position")]
    public required bool? KeepPosition { get; init; }

    /// <summary>The executor's record, config included</summary>
    [JsonPropertyName("executor")]
    public required ExecutorDetailResponse Executor { get; init; }
}
