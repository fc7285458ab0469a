using System.Globalization;
using System.Text;
using System.Text.Json;
using Executors.Domain.Executors;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// What the hot path serves: a running Hummingbot position executor with a ~1 KB config, ~0.5 KB custom_info and one
/// recorded error, built through the aggregate's own methods, its JSON spelled as a jsonb column returns it.
/// </summary>
internal static class SampleExecutor
{
    public const string Id = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";

    /// <summary>A PositionExecutorConfig as Hummingbot's strategy_v2 serializes it (~1 KB).</summary>
    public const string Config = """
        {"id": "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU", "type": "position_executor", "timestamp": 1705315800.25,
         "controller_id": "pmm_btc_usdt_1", "trading_pair": "BTC-USDT", "connector_name": "binance_perpetual",
         "side": "BUY", "entry_price": 42150.35, "amount": 0.0125, "leverage": 20, "level_id": "buy_0",
         "activation_bounds": [0.0005, 0.001], "position_mode": "HEDGE",
         "triple_barrier_config": {"stop_loss": 0.03, "take_profit": 0.02, "time_limit": 2700,
          "trailing_stop": {"activation_price": 0.018, "trailing_delta": 0.004},
          "open_order_type": "LIMIT_MAKER", "take_profit_order_type": "LIMIT_MAKER",
          "stop_loss_order_type": "MARKET", "time_limit_order_type": "MARKET"},
         "execution_strategy": {"refresh_interval": 30, "max_retries": 10, "retry_delay_ms": 250,
          "price_adjustment_bps": [1, 2, 5, 10], "cancel_on_shutdown": true, "post_only": true},
         "risk": {"max_position_size_quote": 5000, "max_drawdown_pct": 0.05, "cooldown_time": 60,
          "kill_switch": null, "notes": "grid leg of the BTC-USDT market-making controller, hedged on spot"}}
        """;

    /// <summary>A position executor's custom_info (~0.5 KB).</summary>
    public const string CustomInfo = """
        {"level_id": "buy_0", "current_position_average_price": 42151.07, "side": "BUY",
         "current_retries": 0, "max_retries": 10, "close_price": null, "close_type": null,
         "order_ids": ["x-MG43PCSN1705315800251", "x-MG43PCSN1705315860112"],
         "held_position_orders": [{"client_order_id": "x-MG43PCSN1705315800251", "price": 42150.35,
          "amount": 0.0125, "executed_amount_base": 0.0125, "cum_fees_quote": 0.2107}],
         "open_order_last_update": 1705315860.11, "close_order_last_update": null}
        """;

    public static Executor Create()
    {
        var executor = Executor.Create(
            Id, ExecutorTypes.Position, "master_account", "binance_perpetual", "BTC-USDT", TradeSide.Buy,
            controllerId: "pmm_btc_usdt_1",
            timestamp: DateTimeOffset.FromUnixTimeMilliseconds(1705315800250),
            createdAt: DateTimeOffset.Parse("2024-01-15T10:30:00Z", CultureInfo.InvariantCulture),
            config: JsonbText(Config),
            customInfo: JsonbText(CustomInfo));
        executor.Start();
        executor.ReportPerformance(netPnlQuote: 125.5m, netPnlPct: 2.5m, cumFeesQuote: 1.25m, filledAmountQuote: 5000m, isTrading: true);
        executor.RecordError(
            DateTimeOffset.Parse("2024-01-15T11:00:00Z", CultureInfo.InvariantCulture),
            "Order rejected: insufficient margin",
            "InsufficientFunds: margin ratio 0.92");
        return executor;
    }

    /// <summary>
    /// JSON as PostgreSQL prints a jsonb value: one line, <c>": "</c> and <c>", "</c> between members and items
    /// (jsonb also reorders keys, which changes nothing that is measured here).
    /// </summary>
    public static string JsonbText(string json)
    {
        var text = new StringBuilder(json.Length);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var needsComma = false;
        while (reader.Read())
        {
            var isEnd = reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray;
            if (needsComma && !isEnd)
            {
                text.Append(", ");
            }

            var raw = Encoding.UTF8.GetString(reader.ValueSpan); // one buffer: never a value sequence
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    text.Append('{');
                    needsComma = false;
                    break;
                case JsonTokenType.StartArray:
                    text.Append('[');
                    needsComma = false;
                    break;
                case JsonTokenType.EndObject:
                    text.Append('}');
                    needsComma = true;
                    break;
                case JsonTokenType.EndArray:
                    text.Append(']');
                    needsComma = true;
                    break;
                case JsonTokenType.PropertyName:
                    text.Append('"').Append(raw).Append("\": ");
                    needsComma = false;
                    break;
                case JsonTokenType.String:
                    text.Append('"').Append(raw).Append('"');
                    needsComma = true;
                    break;
                default:
                    text.Append(raw);
                    needsComma = true;
                    break;
            }
        }

        return text.ToString();
    }
}
