using System.Text.Json.Serialization;

namespace Executors.Application.Positions.Commands.ClearPositionHeld;

/// <summary>A position hold was cleared.</summary>
public sealed class ClearPositionHeldResponse
{
    /// <summary>What was done</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>Connector name</summary>
    [JsonPropertyName("connector_name")]
    public required string ConnectorName { get; init; }

    /// <summary>Trading pair</summary>
    [JsonPropertyName("trading_pair")]
    public required string TradingPair { get; init; }
}
