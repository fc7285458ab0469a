using System.Text.Json.Serialization;

namespace Executors.Application.Positions;

/// <summary>A position hold: what executors closed with POSITION_HOLD left open on one market, for one account and controller.</summary>
public sealed class PositionHoldResponse
{
    /// <summary>Trading pair (e.g. BTC-USDT)</summary>
    [JsonPropertyName("trading_pair")]
    public required string TradingPair { get; init; }

    /// <summary>Connector name</summary>
    [JsonPropertyName("connector_name")]
    public required string ConnectorName { get; init; }

    /// <summary>Account name</summary>
    [JsonPropertyName("account_name")]
    public required string AccountName { get; init; }

    /// <summary>Controller that owns this position</summary>
    [JsonPropertyName("controller_id")]
    public required string ControllerId { get; init; }

    /// <summary>Open bought amount in base currency</summary>
    [JsonPropertyName("buy_amount_base")]
    public required decimal BuyAmountBase { get; init; }

    /// <summary>Quote spent on the open bought amount</summary>
    [JsonPropertyName("buy_amount_quote")]
    public required decimal BuyAmountQuote { get; init; }

    /// <summary>Open sold amount in base currency</summary>
    [JsonPropertyName("sell_amount_base")]
    public required decimal SellAmountBase { get; init; }

    /// <summary>Quote received for the open sold amount</summary>
    [JsonPropertyName("sell_amount_quote")]
    public required decimal SellAmountQuote { get; init; }

    /// <summary>Bought minus sold, in base (positive: long, negative: short)</summary>
    [JsonPropertyName("net_amount_base")]
    public required decimal NetAmountBase { get; init; }

    /// <summary>Average price of the open bought amount; null when nothing bought is open</summary>
    [JsonPropertyName("buy_breakeven_price")]
    public required decimal? BuyBreakevenPrice { get; init; }

    /// <summary>Average price of the open sold amount; null when nothing sold is open</summary>
    [JsonPropertyName("sell_breakeven_price")]
    public required decimal? SellBreakevenPrice { get; init; }

    /// <summary>Amount bought and sold alike, not yet settled</summary>
    [JsonPropertyName("matched_amount_base")]
    public required decimal MatchedAmountBase { get; init; }

    /// <summary>Size of the open position, in base</summary>
    [JsonPropertyName("unmatched_amount_base")]
    public required decimal UnmatchedAmountBase { get; init; }

    /// <summary>LONG, SHORT or FLAT</summary>
    [JsonPropertyName("position_side")]
    public required string PositionSide { get; init; }

    /// <summary>PnL of the settled volume, in quote</summary>
    [JsonPropertyName("realized_pnl_quote")]
    public required decimal RealizedPnlQuote { get; init; }

    /// <summary>Fees paid, in quote</summary>
    [JsonPropertyName("cum_fees_quote")]
    public required decimal CumFeesQuote { get; init; }

    /// <summary>PnL of the open position at the market price: always null (this service holds no market prices)</summary>
    [JsonPropertyName("unrealized_pnl_quote")]
    public required decimal? UnrealizedPnlQuote { get; init; }

    /// <summary>Number of executors that added to this position</summary>
    [JsonPropertyName("executor_count")]
    public required int ExecutorCount { get; init; }

    /// <summary>The executors that added to this position, in the order they first did</summary>
    [JsonPropertyName("executor_ids")]
    public required IReadOnlyList<string> ExecutorIds { get; init; }

    /// <summary>When a fill was last added (ISO 8601, UTC)</summary>
    [JsonPropertyName("last_updated")]
    public required string? LastUpdated { get; init; }
}
