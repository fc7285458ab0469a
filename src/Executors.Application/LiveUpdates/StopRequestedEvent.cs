using System.Text.Json.Serialization;

namespace Executors.Application.LiveUpdates;

/// <summary>The data of a <c>stop_requested</c> event on an engine's stream: a stop asked for an executor the engine holds.</summary>
public sealed record StopRequestedEvent
{
    [JsonPropertyName("executor_id")]
    public required string ExecutorId { get; init; }

    [JsonPropertyName("stop_requested_at")]
    public required DateTimeOffset StopRequestedAt { get; init; }

    [JsonPropertyName("keep_position")]
    public required bool KeepPosition { get; init; }
}
