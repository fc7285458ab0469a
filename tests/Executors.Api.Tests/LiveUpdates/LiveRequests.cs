using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>The plain REST calls the stream tests make around their streams.</summary>
internal static class LiveRequests
{
    public static async Task<HttpResponseMessage> SendAsync(ApiFactory api, HttpMethod method, string path, string? body = null, string user = TestUsers.Writer, string password = TestUsers.WriterPassword)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<string> GetExecutorAsync(ApiFactory api, string executorId)
    {
        using var response = await SendAsync(api, HttpMethod.Get, $"/executors/{executorId}", user: TestUsers.Reader, password: TestUsers.ReaderPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Reports an executor's state (PUT): <paramref name="status"/>, with net_pnl_quote as a marker of this write.</summary>
    public static async Task PutAsync(ApiFactory api, string executorId, string status, decimal pnl, string connector = "binance", string account = "master_account")
    {
        var body = $$"""
            {"executor_type": "twap_executor", "account_name": "{{account}}", "connector_name": "{{connector}}", "trading_pair": "BTC-USDT",
             "status": "{{status}}", "net_pnl_quote": {{pnl.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "created_at": "2024-01-15T10:00:00Z"}
            """;
        using var response = await SendAsync(api, HttpMethod.Put, $"/executors/{executorId}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Issues a stream ticket as <paramref name="user"/>.</summary>
    public static async Task<(string Ticket, DateTimeOffset ExpiresAt)> IssueTicketAsync(ApiFactory api, string user = TestUsers.Reader, string password = TestUsers.ReaderPassword)
    {
        using var response = await SendAsync(api, HttpMethod.Post, "/streams/tickets", user: user, password: password);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (answer.RootElement.GetProperty("ticket").GetString()!, answer.RootElement.GetProperty("expires_at").GetDateTimeOffset());
    }
}
