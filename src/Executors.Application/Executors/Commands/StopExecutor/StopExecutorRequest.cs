using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.StopExecutor;

/// <summary>The body of <c>POST /executors/{executor_id}/stop</c> (hummingbot-api's StopExecutorRequest).</summary>
public sealed record StopExecutorRequest
{
    /// <summary>Whether to keep the position open (position executors: closed as POSITION_HOLD); false closes it first</summary>
    [JsonPropertyName("keep_position")]
    [DefaultValue(false)]
    public bool KeepPosition { get; init; }
}
