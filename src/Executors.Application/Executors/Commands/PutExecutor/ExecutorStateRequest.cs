using System.Text.Json;
using System.Text.Json.Serialization;
using Executors.Application.Common.Json;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>
/// An executor's whole current state, as the trading engine reports it: every field of the record. The derived
/// fields (is_active, error_count, last_error) are the service's to compute: a body that carries them, or any other field
/// not listed here, is refused (400 naming the field).
/// </summary>
public sealed record ExecutorStateRequest
{
    /// <summary>The most bytes <c>config</c> or <c>custom_info</c> may take, each.</summary>
    public const int MaxJsonObjectBytes = 64 * 1024;

    /// <summary>How deeply <c>config</c> or <c>custom_info</c> may nest.</summary>
    public const int MaxJsonObjectDepth = 32;

    /// <summary>The executor's id, if given: the same as in the path (a body written for another executor is refused)</summary>
    [JsonPropertyName("executor_id")]
    public string? ExecutorId { get; init; }

    /// <summary>Type of executor</summary>
    [JsonPropertyName("executor_type")]
    public string? ExecutorType { get; init; }

    /// <summary>Account name</summary>
    [JsonPropertyName("account_name")]
    public string? AccountName { get; init; }

    /// <summary>Connector name</summary>
    [JsonPropertyName("connector_name")]
    public string? ConnectorName { get; init; }

    /// <summary>Trading pair</summary>
    [JsonPropertyName("trading_pair")]
    public string? TradingPair { get; init; }

    /// <summary>Current status: NOT_STARTED, RUNNING, SHUTTING_DOWN or TERMINATED</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Whether the executor has open trades (never once TERMINATED)</summary>
    [JsonPropertyName("is_trading")]
    public bool IsTrading { get; init; }

    /// <summary>Net PnL in quote currency (magnitude below 10^12)</summary>
    [JsonPropertyName("net_pnl_quote")]
    public decimal NetPnlQuote { get; init; }

    /// <summary>Net PnL percentage (-1,000,000 to 1,000,000)</summary>
    [JsonPropertyName("net_pnl_pct")]
    public decimal NetPnlPct { get; init; }

    /// <summary>Cumulative fees in quote currency (from 0 to below 10^12)</summary>
    [JsonPropertyName("cum_fees_quote")]
    public decimal CumFeesQuote { get; init; }

    /// <summary>Total filled amount in quote currency (from 0 to below 10^12)</summary>
    [JsonPropertyName("filled_amount_quote")]
    public decimal FilledAmountQuote { get; init; }

    /// <summary>Trade side: BUY, SELL or RANGE</summary>
    [JsonPropertyName("side")]
    public string? Side { get; init; }

    /// <summary>Creation timestamp (Unix seconds)</summary>
    [JsonPropertyName("timestamp")]
    public decimal? Timestamp { get; init; }

    /// <summary>Creation timestamp (ISO 8601)</summary>
    [JsonPropertyName("created_at")]
    [JsonConverter(typeof(IsoInstantConverter))]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>How the executor was closed: only with TERMINATED</summary>
    [JsonPropertyName("close_type")]
    public string? CloseType { get; init; }

    /// <summary>Close timestamp (Unix seconds): only with TERMINATED</summary>
    [JsonPropertyName("close_timestamp")]
    public decimal? CloseTimestamp { get; init; }

    /// <summary>ID of the controller that spawned this executor ("main" when absent, as the original)</summary>
    [JsonPropertyName("controller_id")]
    public string? ControllerId { get; init; }

    /// <summary>Full executor configuration: a JSON object of at most 64 KB and nesting depth 32; for one of the eight types, valid under its model (GET /executors/types/{executor_type}/config), keys it does not declare accepted</summary>
    [JsonPropertyName("config")]
    public JsonElement? Config { get; init; }

    /// <summary>Executor-specific custom information: a JSON object of at most 64 KB and nesting depth 32</summary>
    [JsonPropertyName("custom_info")]
    public JsonElement? CustomInfo { get; init; }
}
