using System.Text.Json;

namespace Executors.Api.Tests;

/// <summary>The contract's reference page ("Get Executor", shared/seeds/000_46ced7c7a96d0ffe.txt), as data.</summary>
internal static class SeedExample
{
    /// <summary>The page's example response, verbatim.</summary>
    public const string ExampleJson = """
        {
          "account_name": "master_account",
          "connector_name": "binance_perpetual",
          "created_at": "2024-01-15T10:30:00Z",
          "cum_fees_quote": 1.25,
          "executor_id": "abc123...",
          "executor_type": "position_executor",
          "filled_amount_quote": 5000,
          "is_active": true,
          "is_trading": true,
          "net_pnl_pct": 2.5,
          "net_pnl_quote": 125.5,
          "side": "BUY",
          "status": "RUNNING",
          "timestamp": 1705315800,
          "trading_pair": "BTC-USDT"
        }
        """;

    /// <summary>Every response field the page lists: name, the JSON kinds its type allows, required, description.</summary>
    public static readonly (string Name, JsonValueKind[] Kinds, bool Required, string Description)[] Fields =
    [
        ("executor_id", [JsonValueKind.String], true, "Unique executor identifier"),
        ("executor_type", [JsonValueKind.String, JsonValueKind.Null], true, "Type of executor"),
        ("account_name", [JsonValueKind.String, JsonValueKind.Null], true, "Account name"),
        ("connector_name", [JsonValueKind.String, JsonValueKind.Null], true, "Connector name"),
        ("trading_pair", [JsonValueKind.String, JsonValueKind.Null], true, "Trading pair"),
        ("status", [JsonValueKind.String], true, "Current status (RUNNING, TERMINATED, etc.)"),
        ("is_active", [JsonValueKind.True, JsonValueKind.False], true, "Whether the executor is active"),
        ("is_trading", [JsonValueKind.True, JsonValueKind.False], true, "Whether the executor has open trades"),
        ("net_pnl_quote", [JsonValueKind.Number], true, "Net PnL in quote currency"),
        ("net_pnl_pct", [JsonValueKind.Number], true, "Net PnL percentage"),
        ("cum_fees_quote", [JsonValueKind.Number], true, "Cumulative fees in quote currency"),
        ("filled_amount_quote", [JsonValueKind.Number], true, "Total filled amount in quote currency"),
        ("side", [JsonValueKind.String, JsonValueKind.Null], false, "Trade side (BUY/SELL) if applicable"),
        ("timestamp", [JsonValueKind.Number, JsonValueKind.Null], false, "Creation timestamp (Unix)"),
        ("created_at", [JsonValueKind.String, JsonValueKind.Null], false, "Creation timestamp (ISO format)"),
        ("close_type", [JsonValueKind.String, JsonValueKind.Null], false, "How the executor was closed (if applicable)"),
        ("close_timestamp", [JsonValueKind.Number, JsonValueKind.Null], false, "Close timestamp (Unix)"),
        ("controller_id", [JsonValueKind.String, JsonValueKind.Null], false, "ID of the controller that spawned this executor"),
        ("error_count", [JsonValueKind.Number], false, "Number of ERROR-level log entries captured"),
        ("last_error", [JsonValueKind.String, JsonValueKind.Null], false, "Most recent error message, if any"),
        ("config", [JsonValueKind.Object, JsonValueKind.Null], false, "Full executor configuration"),
        ("custom_info", [JsonValueKind.Object, JsonValueKind.Null], false, "Executor-specific custom information"),
    ];

    /// <summary>Asserts that <paramref name="actual"/> holds every field of the example with the same JSON value.</summary>
    public static void AssertMatchesExample(JsonElement actual, string expectedExecutorId)
    {
        using var example = JsonDocument.Parse(ExampleJson);
        foreach (var field in example.RootElement.EnumerateObject())
        {
            Assert.True(actual.TryGetProperty(field.Name, out var value), $"missing {field.Name}");
            if (field.Name == "executor_id")
            {
                Assert.Equal(expectedExecutorId, value.GetString());
                continue;
            }

            Assert.Equal(field.Value.ValueKind, value.ValueKind);
            if (field.Value.ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(field.Value.GetDecimal(), value.GetDecimal());
            }
            else
            {
                Assert.Equal(field.Value.GetRawText(), value.GetRawText());
            }
        }
    }
}
