using System.Text.Json.Serialization;

namespace Executors.Application.Engines.LeaseState;

/// <summary>Who runs an executor, as far as its lease tells: nobody, an engine that reports, or one that stopped reporting.</summary>
public sealed class ExecutorLeaseResponse
{
    /// <summary>No engine holds it: NOT_STARTED and not yet claimed, or TERMINATED (its last lease, if any, is shown)</summary>
    public const string Unclaimed = "unclaimed";

    /// <summary>An engine holds it and has heartbeated within Engines:LeaseDuration</summary>
    public const string Held = "held";

    /// <summary>Its engine stopped reporting: the lease ran out and another engine may claim it</summary>
    public const string Expired = "expired";

    /// <summary>The executor</summary>
    [JsonPropertyName("executor_id")]
    public required string ExecutorId { get; init; }

    /// <summary>unclaimed, held or expired</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>The engine that holds (or last held) it; null if no engine ever claimed it</summary>
    [JsonPropertyName("engine_id")]
    public required string? EngineId { get; init; }

    /// <summary>When that engine claimed it (ISO 8601, UTC)</summary>
    [JsonPropertyName("claimed_at")]
    public required DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>When the lease runs (or ran) out without a heartbeat (ISO 8601, UTC)</summary>
    [JsonPropertyName("lease_expires_at")]
    public required DateTimeOffset? LeaseExpiresAt { get; init; }
}

/// <summary>An engine holding active executors in the caller's accounts, and whether it still reports.</summary>
public sealed class EngineLeasesResponse
{
    /// <summary>The engine</summary>
    [JsonPropertyName("engine_id")]
    public required string EngineId { get; init; }

    /// <summary>How many active (not TERMINATED) executors of the caller's accounts it holds, expired leases included</summary>
    [JsonPropertyName("executors")]
    public required int Executors { get; init; }

    /// <summary>How many of them have a lease that ran out: the engine stopped reporting for them</summary>
    [JsonPropertyName("expired_executors")]
    public required int ExpiredExecutors { get; init; }

    /// <summary>The latest lease expiry among them (ISO 8601, UTC): in the past, the engine stopped reporting altogether</summary>
    [JsonPropertyName("lease_expires_at")]
    public required DateTimeOffset LeaseExpiresAt { get; init; }
}
