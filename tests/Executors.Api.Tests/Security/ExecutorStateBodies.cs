using System.Text.Json.Nodes;

namespace Executors.Api.Tests.Security;

/// <summary>A valid PUT /executors/{id} body, to spoil one part of at a time.</summary>
internal static class ExecutorStateBodies
{
    public static JsonObject Valid() => new()
    {
        ["executor_type"] = "grid_executor",
        ["account_name"] = "master_account",
        ["connector_name"] = "binance",
        ["trading_pair"] = "BTC-USDT",
        ["status"] = "RUNNING",
        ["is_trading"] = true,
        ["net_pnl_quote"] = 1.5m,
        ["net_pnl_pct"] = 0.15m,
        ["cum_fees_quote"] = 0.25m,
        ["filled_amount_quote"] = 1000m,
        ["side"] = "RANGE",
        ["timestamp"] = 1705315800.5m,
        ["created_at"] = "2024-01-15T10:30:00Z",
        ["config"] = JsonNode.Parse(HummingbotConfigs.Grid),
        ["custom_info"] = new JsonObject { ["levels_filled"] = 2 },
    };

    /// <summary><paramref name="levels"/> nested arrays around a number: <c>[[[1]]]</c> is 3 levels.</summary>
    public static string NestedArrays(int levels) => new string('[', levels) + "1" + new string(']', levels);

    /// <summary><paramref name="levels"/> nested objects: <c>{"a":{"a":{}}}</c> is 3 levels.</summary>
    public static JsonObject NestedObjects(int levels)
    {
        var root = new JsonObject();
        var current = root;
        for (var i = 1; i < levels; i++)
        {
            var child = new JsonObject();
            current["a"] = child;
            current = child;
        }

        return root;
    }
}
