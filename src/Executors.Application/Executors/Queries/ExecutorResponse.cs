using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries;

/// <summary>An executor: the record without its configuration and custom information (the summary view).</summary>
/// <remarks>
/// The contract of Hummingbot API's executor records: every field is always present, <c>null</c> when unknown.
/// Property names are fixed here rather than left to a naming policy so that no configuration can change them.
/// </remarks>
public class ExecutorResponse
{
    /// <summary>Unique executor identifier</summary>
    [JsonPropertyName("executor_id")]
    public required string ExecutorId { get; init; }

    /// <summary>Type of executor</summary>
    [JsonPropertyName("executor_type")]
    public required string? ExecutorType { get; init; }

    /// <summary>Account name</summary>
    [JsonPropertyName("account_name")]
    public required string? AccountName { get; init; }

    /// <summary>Connector name</summary>
    [JsonPropertyName("connector_name")]
    public required string? ConnectorName { get; init; }

    /// <summary>Trading pair</summary>
    [JsonPropertyName("trading_pair")]
    public required string? TradingPair { get; init; }

    /// <summary>Current status (RUNNING, TERMINATED, etc.)</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Whether the executor is active</summary>
    [JsonPropertyName("is_active")]
    public required bool IsActive { get; init; }

    /// <summary>Whether the executor has open trades</summary>
    [JsonPropertyName("is_trading")]
    public required bool IsTrading { get; init; }

    /// <summary>Net PnL in quote currency</summary>
    [JsonPropertyName("net_pnl_quote")]
    public required decimal NetPnlQuote { get; init; }

    /// <summary>Net PnL percentage</summary>
    [JsonPropertyName("net_pnl_pct")]
    public required decimal NetPnlPct { get; init; }

    /// <summary>Cumulative fees in quote currency</summary>
    [JsonPropertyName("cum_fees_quote")]
    public required decimal CumFeesQuote { get; init; }

    /// <summary>Total filled amount in quote currency</summary>
    [JsonPropertyName("filled_amount_quote")]
    public required decimal FilledAmountQuote { get; init; }

    /// <summary>Trade side (BUY/SELL) if applicable</summary>
    [JsonPropertyName("side")]
    public string? Side { get; init; }

    /// <summary>Creation timestamp (Unix)</summary>
    [JsonPropertyName("timestamp")]
    public decimal? Timestamp { get; init; }

    /// <summary>Creation timestamp (ISO format)</summary>
    [JsonPropertyName("created_at")]
    public DateTime? CreatedAt { get; init; }

    /// <summary>How the executor was closed (if applicable)</summary>
    [JsonPropertyName("close_type")]
    public string? CloseType { get; init; }

    /// <summary>Close timestamp (Unix)</summary>
    [JsonPropertyName("close_timestamp")]
    public decimal? CloseTimestamp { get; init; }

    /// <summary>ID of the controller that spawned this executor</summary>
    /// <remarks>"main" unless the engine named one, as the original service fills it.</remarks>
    [JsonPropertyName("controller_id")]
    public string? ControllerId { get; init; }

    /// <summary>Number of ERROR-level log entries captured</summary>
    [JsonPropertyName("error_count")]
    public int ErrorCount { get; init; }

    /// <summary>Most recent error message, if any</summary>
    [JsonPropertyName("last_error")]
    public string? LastError { get; init; }
}
