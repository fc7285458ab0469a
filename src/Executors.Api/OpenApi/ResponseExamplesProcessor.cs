using Newtonsoft.Json.Linq;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Executors.Api.OpenApi;

/// <summary>
/// Response examples and descriptions: the contract page's example record for 200, and one line per error status,
/// so that the generated client's users and the docs page's readers see what each answer means.
/// </summary>
internal sealed class ResponseExamplesProcessor : IOperationProcessor
{
    /// <summary>The reference page's example response, verbatim.</summary>
    public const string ExecutorExample = """
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

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["200"] = "Successful Response",
        ["400"] = "The request is invalid: problem details naming each offending field.",
        ["401"] = "Missing or wrong HTTP Basic credentials.",
        ["404"] = "No executor with this id.",
        ["503"] = "The executor store is temporarily unavailable; retry after the Retry-After header's seconds.",
    };

    public bool Process(OperationProcessorContext context)
    {
        foreach (var (status, response) in context.OperationDescription.Operation.Responses)
        {
            if (Descriptions.TryGetValue(status, out var description))
            {
                response.Description = description;
            }

            if (status == "200" && context.OperationDescription.Operation.OperationId == "GetExecutor"
                && response.Content.TryGetValue("application/json", out var json))
            {
                // NSwag serializes documents with Newtonsoft.Json, so the example is a JToken.
                json.Example = JToken.Parse(ExecutorExample);
            }
        }

        return true;
    }
}
