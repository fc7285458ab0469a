using System.Text.Json;
using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.CreateExecutor;

/// <summary>The body of <c>POST /executors/</c>: the original service's create request.</summary>
public sealed record CreateExecutorRequest
{
    /// <summary>Account to run the executor on (defaults to master_account)</summary>
    [JsonPropertyName("account_name")]
    public string? AccountName { get; init; }

    /// <summary>Controller ID that owns this executor (defaults to "main")</summary>
    [JsonPropertyName("controller_id")]
    public string? ControllerId { get; init; }

    /// <summary>
    /// Executor configuration: a JSON object with its <c>type</c> (one of the eight executor types) and the fields of that
    /// type's model (see <c>GET /executors/types/{executor_type}/config</c>)
    /// </summary>
    [JsonPropertyName("executor_config")]
    public JsonElement? ExecutorConfig { get; init; }
}
