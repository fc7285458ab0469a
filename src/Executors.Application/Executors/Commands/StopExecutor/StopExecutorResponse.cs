using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.StopExecutor;

/// <summary>A stop was requested (hummingbot-api's StopExecutorResponse).</summary>
public sealed class StopExecutorResponse
{
    /// <summary>What every accepted stop answers: the engine running the executor acts on it.</summary>
    public const string Stopping = "stopping";

    /// <summary>Executor identifier</summary>
    [JsonPropertyName("executor_id")]
    public required string ExecutorId { get; init; }

    /// <summary>Always "stopping": the stop is recorded for the executor's engine (a NOT_STARTED executor is closed at once)</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Whether the position is kept open</summary>
    [JsonPropertyName("keep_position")]
    public required bool KeepPosition { get; init; }
}
