using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.CreateExecutor;

/// <summary>The executor just created, as the original answers a create.</summary>
public sealed record CreateExecutorResponse
{
    /// <summary>Unique executor identifier (44 base58 characters, made by the service)</summary>
    [JsonPropertyName("executor_id")]
    public required string ExecutorId { get; init; }

    /// <summary>Type of executor created</summary>
    [JsonPropertyName("executor_type")]
    public required string ExecutorType { get; init; }

    /// <summary>Connector name (the config's; null for the two-market types, arbitrage and xemm)</summary>
    [JsonPropertyName("connector_name")]
    public required string? ConnectorName { get; init; }

    /// <summary>Trading pair (the config's; null for the two-market types)</summary>
    [JsonPropertyName("trading_pair")]
    public required string? TradingPair { get; init; }

    /// <summary>Controller that owns this executor</summary>
    [JsonPropertyName("controller_id")]
    public required string ControllerId { get; init; }

    /// <summary>Initial status: NOT_STARTED until an engine runs it</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Creation timestamp (ISO 8601, UTC)</summary>
    [JsonPropertyName("created_at")]
    public required DateTime CreatedAt { get; init; }
}
