using System.Net.Http.Headers;
using System.Text;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Every operation that needs the database, as a valid request for an executor id (sent with the writer's
/// credentials, who may also read). The outage tests run each of them against a database that is not there.
/// </summary>
internal static class DataEndpoints
{
    public const string GetExecutor = "GET /executors/{id}";
    public const string PutExecutor = "PUT /executors/{id}";
    public const string CreateExecutor = "POST /executors/";
    public const string ClaimExecutors = "POST /engines/{engine}/claims";
    public const string Search = "POST /executors/search";
    public const string Summary = "GET /executors/summary";
    public const string Performance = "GET /executors/performance";
    public const string GetLogs = "GET /executors/{id}/logs";
    public const string AppendLogs = "POST /executors/{id}/logs";
    public const string StopExecutor = "POST /executors/{id}/stop";
    public const string PositionsSummary = "GET /executors/positions/summary";
    public const string GetPosition = "GET /executors/positions/{connector}/{pair}";
    public const string ClearPosition = "DELETE /executors/positions/{connector}/{pair}";

    public static TheoryData<string> All { get; } = [GetExecutor, PutExecutor, CreateExecutor, Search, Summary, Performance, GetLogs, AppendLogs, StopExecutor, PositionsSummary, GetPosition, ClearPosition, ClaimExecutors];

    /// <summary>The reads that answer 200 with the one executor stored (a position lookup would need a position).</summary>
    public static TheoryData<string> Reads { get; } = [GetExecutor, Search, Summary, Performance, GetLogs, PositionsSummary];

    public static TheoryData<string> Writes { get; } = [PutExecutor, CreateExecutor, AppendLogs, StopExecutor];

    /// <summary>The writes that read the executor first (a create without Idempotency-Key only inserts).</summary>
    public static TheoryData<string> WritesThatRead { get; } = [PutExecutor, AppendLogs, StopExecutor];

    public static HttpRequestMessage Request(string endpoint, string executorId)
    {
        var request = endpoint switch
        {
            GetExecutor => new HttpRequestMessage(HttpMethod.Get, $"/executors/{executorId}"),
            PutExecutor => new HttpRequestMessage(HttpMethod.Put, $"/executors/{executorId}") { Content = Json(RunningState()) },
            CreateExecutor => new HttpRequestMessage(HttpMethod.Post, "/executors/") { Content = Json($$"""{"executor_config": {{HummingbotConfigs.Twap}}}""") },
            ClaimExecutors => new HttpRequestMessage(HttpMethod.Post, "/engines/engine-1/claims") { Content = Json("""{"limit": 5}""") },
            Search => new HttpRequestMessage(HttpMethod.Post, "/executors/search") { Content = Json("""{"status": "RUNNING", "limit": 10}""") },
            Summary => new HttpRequestMessage(HttpMethod.Get, "/executors/summary"),
            Performance => new HttpRequestMessage(HttpMethod.Get, "/executors/performance?controller_id=main"),
            GetLogs => new HttpRequestMessage(HttpMethod.Get, $"/executors/{executorId}/logs"),
            AppendLogs => new HttpRequestMessage(HttpMethod.Post, $"/executors/{executorId}/logs")
            {
                Content = Json("""{"entries": [{"timestamp": "2024-01-15T10:50:00+00:00", "level": "INFO", "message": "tick"}]}"""),
            },
            StopExecutor => new HttpRequestMessage(HttpMethod.Post, $"/executors/{executorId}/stop") { Content = Json("""{"keep_position": false}""") },
            PositionsSummary => new HttpRequestMessage(HttpMethod.Get, "/executors/positions/summary"),
            GetPosition => new HttpRequestMessage(HttpMethod.Get, "/executors/positions/binance/BTC-USDT"),
            ClearPosition => new HttpRequestMessage(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Not a data endpoint."),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        return request;
    }

    /// <summary>A whole RUNNING position executor, as the trading engine reports it; <paramref name="pnl"/> varies it.</summary>
    public static string RunningState(decimal pnl = 1.5m) => $$"""
        {"executor_type": "position_executor", "account_name": "master_account", "connector_name": "binance",
         "trading_pair": "BTC-USDT", "status": "RUNNING", "is_trading": true, "net_pnl_quote": {{pnl.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
         "net_pnl_pct": 0.1, "cum_fees_quote": 0.2, "filled_amount_quote": 100, "side": "BUY", "timestamp": 1705315800,
         "created_at": "2024-01-15T10:30:00Z"}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
