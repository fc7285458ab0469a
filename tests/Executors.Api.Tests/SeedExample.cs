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

    /// <summary>Every response field the page lists, with the JSON kinds its type allows and whether it is required.</summary>
    public static readonly (string Name, JsonValueKind[] Kinds, bool Required)[] Fields =
    [
        ("executor_id", [JsonValueKind.String], true),
        ("executor_type", [JsonValueKind.String, JsonValueKind.Null], true),
        ("account_name", [JsonValueKind.String, JsonValueKind.Null], true),
        ("connector_name", [JsonValueKind.String, JsonValueKind.Null], true),
        ("trading_pair", [JsonValueKind.String, JsonValueKind.Null], true),
        ("status", [JsonValueKind.String], true),
        ("is_active", [JsonValueKind.True, JsonValueKind.False], true),
        ("is_trading", [JsonValueKind.True, JsonValueKind.False], true),
        ("net_pnl_quote", [JsonValueKind.Number], true),
        ("net_pnl_pct", [JsonValueKind.Number], true),
        ("cum_fees_quote", [JsonValueKind.Number], true),
        ("filled_amount_quote", [JsonValueKind.Number], true),
        ("side", [JsonValueKind.String, JsonValueKind.Null], false),
        ("timestamp", [JsonValueKind.Number, JsonValueKind.Null], false),
        ("created_at", [JsonValueKind.String, JsonValueKind.Null], false),
        ("close_type", [JsonValueKind.String, JsonValueKind.Null], false),
        ("close_timestamp", [JsonValueKind.Number, JsonValueKind.Null], false),
        ("controller_id", [JsonValueKind.String, JsonValueKind.Null], false),
        ("error_count", [JsonValueKind.Number], false),
        ("last_error", [JsonValueKind.String, JsonValueKind.Null], false),
        ("config", [JsonValueKind.Object, JsonValueKind.Null], false),
        ("custom_info", [JsonValueKind.Object, JsonValueKind.Null], false),
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
