using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Security;

/// <summary>
/// A user limited to some accounts, over HTTP on the real database: every endpoint treats executors of other accounts as
/// if they did not exist.
/// </summary>
public sealed class AccountIsolationTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string AliceRunning = "AliceRunning_1";
    private const string AliceFinal = "AliceFinal_1";
    private const string BobRunning = "BobRunning_1";
    private const string BobFinal = "BobFinal_1";
    private const string Unaccounted = "NoAccount_1";

    private static readonly string[] BobOnly = ["bob"];
    private static readonly string[] BobAndAliceMain = ["bob", "alice_main"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await StoreAsync(
            Running(AliceRunning, "alice_main", pnl: 10m),
            Final(AliceFinal, "alice_hedge"),
            Running(BobRunning, "bob", pnl: 1000m),
            Final(BobFinal, "bob"),
            new ExecutorBuilder(Unaccounted).OfType(ExecutorTypes.Grid).ForAccount(null).OnConnector("kucoin").ForPair("ETH-USDT").Build());
    }

    [Theory]
    [InlineData(BobRunning)]
    [InlineData(BobFinal)]
    [InlineData(Unaccounted)]
    public async Task Get_OtherAccount_Is404LikeAnUnknownId(string executorId)
    {
        // Act
        using var other = await Alice().GetAsync($"/executors/{executorId}", TestContext.Current.CancellationToken);
        using var unknown = await Alice().GetAsync("/executors/NoSuchExecutor_1", TestContext.Current.CancellationToken);

        // Assert: same status, same problem, only the id differs; no ETag or caching hint gives it away.
        using var otherProblem = await ProblemAssert.ReadAsync(other, 404);
        using var unknownProblem = await ProblemAssert.ReadAsync(unknown, 404);
        Assert.Equal(
            unknownProblem.RootElement.GetProperty("detail").GetString()!.Replace("NoSuchExecutor_1", executorId, StringComparison.Ordinal),
            otherProblem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(unknownProblem.RootElement.GetProperty("title").GetString(), otherProblem.RootElement.GetProperty("title").GetString());
        Assert.Equal(HeaderNames(unknown), HeaderNames(other));
        Assert.Null(other.Headers.ETag);
    }

    [Fact]
    public async Task Get_OwnAccounts_Are200()
    {
        // Act
        using var running = await Alice().GetAsync($"/executors/{AliceRunning}", TestContext.Current.CancellationToken);
        using var final = await Alice().GetAsync($"/executors/{AliceFinal}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
    }

    [Fact]
    public async Task Get_FinalExecutorOfOtherAccountAlreadyInMemory_IsStill404()
    {
        // Arrange: an unrestricted reader's request puts bob's TERMINATED executor in the in-memory cache.
        using var warm = await Api.CreateReaderClient().GetAsync($"/executors/{BobFinal}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        // Act
        using var response = await Alice().GetAsync($"/executors/{BobFinal}", TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 404);
    }

    [Fact]
    public async Task Get_OtherAccountWithIfNoneMatch_Is404Not304()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{BobRunning}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);

        // Act
        using var response = await Alice().SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Search_SeesOnlyOwnAccounts_EvenWhenAskingForOthersByName()
    {
        // Act
        using var all = await SearchAsync(new { limit = 1 });
        var firstPage = await JsonAsync(all);
        using var next = await SearchAsync(new { limit = 1, cursor = firstPage.RootElement.GetProperty("pagination").GetProperty("next_cursor").GetString() });
        var secondPage = await JsonAsync(next);
        using var bobs = await SearchAsync(new { account_names = BobOnly });
        var bobsPage = await JsonAsync(bobs);
        using var mixed = await SearchAsync(new { account_names = BobAndAliceMain });
        var mixedPage = await JsonAsync(mixed);

        // Assert
        Assert.Equal(2, firstPage.RootElement.GetProperty("pagination").GetProperty("total_count").GetInt32());
        Assert.Equal(
            [AliceFinal, AliceRunning],
            Ids(firstPage).Concat(Ids(secondPage)).Order(StringComparer.Ordinal));
        Assert.False(secondPage.RootElement.GetProperty("pagination").GetProperty("has_more").GetBoolean());
        Assert.Empty(Ids(bobsPage));
        Assert.Equal(0, bobsPage.RootElement.GetProperty("pagination").GetProperty("total_count").GetInt32());
        Assert.Equal([AliceRunning], Ids(mixedPage));
    }

    [Fact]
    public async Task Summary_CountsOnlyOwnAccounts()
    {
        // Act
        using var response = await Alice().GetAsync("/executors/summary", TestContext.Current.CancellationToken);
        using var everything = await Api.CreateReaderClient().GetAsync("/executors/summary", TestContext.Current.CancellationToken);

        // Assert
        using var body = await JsonAsync(response);
        Assert.Equal(2, body.RootElement.GetProperty("total_executors").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("total_active").GetInt32());
        Assert.Equal(10m, body.RootElement.GetProperty("total_pnl_quote").GetDecimal());
        Assert.DoesNotContain(body.RootElement.GetProperty("by_connector").EnumerateObject(), connector => connector.Name == "kucoin");
        using var all = await JsonAsync(everything);
        Assert.Equal(5, all.RootElement.GetProperty("total_executors").GetInt32());
    }

    [Fact]
    public async Task Performance_CoversOnlyOwnAccounts()
    {
        // Act
        using var response = await Alice().GetAsync("/executors/performance", TestContext.Current.CancellationToken);
        using var everything = await Api.CreateReaderClient().GetAsync("/executors/performance", TestContext.Current.CancellationToken);

        // Assert: alice's running executor (PnL 10) and her final one; bob's PnL of 1000 and the grid executor without an account are not hers.
        using var body = await JsonAsync(response);
        Assert.Equal(2, body.RootElement.GetProperty("total_executors").GetInt32());
        Assert.Equal(10m, body.RootElement.GetProperty("unrealized_pnl_quote").GetDecimal());
        Assert.Equal(1m, body.RootElement.GetProperty("pnl_total_quote").GetDecimal());
        Assert.DoesNotContain(body.RootElement.GetProperty("by_type").EnumerateArray(), row => row.GetProperty("executor_type").GetString() == ExecutorTypes.Grid);
        using var all = await JsonAsync(everything);
        Assert.Equal(5, all.RootElement.GetProperty("total_executors").GetInt32());
        Assert.Equal(1010m, all.RootElement.GetProperty("unrealized_pnl_quote").GetDecimal());
        Assert.Equal(2m, all.RootElement.GetProperty("pnl_total_quote").GetDecimal());
    }

    [Fact]
    public async Task GetLogs_OtherAccount_Is404_OwnIs200()
    {
        // Arrange: bob's executor has log entries.
        using var seeded = await Writer().PostAsJsonAsync($"/executors/{BobRunning}/logs", Entries("bob's secret"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);

        // Act
        using var other = await Alice().GetAsync($"/executors/{BobRunning}/logs", TestContext.Current.CancellationToken);
        using var own = await Alice().GetAsync($"/executors/{AliceRunning}/logs", TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(other, 404);
        Assert.DoesNotContain("secret", problem.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task AppendLogs_OtherAccount_Is404AndAppendsNothing()
    {
        // Act
        using var other = await Alice().PostAsJsonAsync($"/executors/{BobRunning}/logs", Entries("injected"), TestContext.Current.CancellationToken);
        using var own = await Alice().PostAsJsonAsync($"/executors/{AliceRunning}/logs", Entries("mine"), TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(other, 404);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var bobsLog = await JsonAsync(await Api.CreateReaderClient().GetAsync($"/executors/{BobRunning}/logs", TestContext.Current.CancellationToken));
        Assert.Equal(0, bobsLog.RootElement.GetProperty("total_count").GetInt32());
        using var bob = await JsonAsync(await Api.CreateReaderClient().GetAsync($"/executors/{BobRunning}", TestContext.Current.CancellationToken));
        Assert.Equal(0, bob.RootElement.GetProperty("error_count").GetInt32());
    }

    [Fact]
    public async Task Put_ForAnAccountNotHers_Is403()
    {
        // Act
        using var response = await Alice().PutAsJsonAsync("/executors/New_1", State("bob"), TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 403);
        Assert.Contains("'bob'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var check = await Api.CreateReaderClient().GetAsync("/executors/New_1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
    }

    [Fact]
    public async Task Put_IdOfAnotherAccountsExecutor_Is404AndLeavesItAlone()
    {
        // Act
        using var response = await Alice().PutAsJsonAsync($"/executors/{BobRunning}", State("alice_main", "TERMINATED"), TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 404);
        using var bob = await JsonAsync(await Api.CreateReaderClient().GetAsync($"/executors/{BobRunning}", TestContext.Current.CancellationToken));
        Assert.Equal("bob", bob.RootElement.GetProperty("account_name").GetString());
        Assert.Equal("RUNNING", bob.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Put_OwnAccount_CreatesAndUpdates()
    {
        // Act
        using var created = await Alice().PutAsJsonAsync("/executors/AliceNew_1", State("alice_hedge"), TestContext.Current.CancellationToken);
        using var updated = await Alice().PutAsJsonAsync($"/executors/{AliceRunning}", State("alice_main"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
    }

    [Fact]
    public async Task Types_AreTheSameForEveryone()
    {
        // Act
        using var response = await Alice().GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient Alice() => Client(TestUsers.Alice, TestUsers.AlicePassword);

    private HttpClient Writer() => Client(TestUsers.Writer, TestUsers.WriterPassword);

    private HttpClient Client(string user, string password)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }

    private Task<HttpResponseMessage> SearchAsync(object body) =>
        Alice().PostAsJsonAsync("/executors/search", body, TestContext.Current.CancellationToken);

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static List<string> Ids(JsonDocument page) =>
        [.. page.RootElement.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("executor_id").GetString()!)];

    private static List<string> HeaderNames(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers).Select(header => header.Key).Where(name => name != "Date").Order(StringComparer.Ordinal)];

    private static object Entries(string message) =>
        new { entries = new[] { new { timestamp = "2024-01-15T10:50:00+00:00", level = "ERROR", message } } };

    private static object State(string account, string status = "RUNNING") => new
    {
        executor_type = ExecutorTypes.Position,
        account_name = account,
        connector_name = "binance",
        trading_pair = "BTC-USDT",
        status,
        close_type = status == "TERMINATED" ? "TAKE_PROFIT" : null,
        close_timestamp = status == "TERMINATED" ? 1705316000m : (decimal?)null,
    };

    private static Executor Running(string id, string account, decimal pnl)
    {
        var executor = new ExecutorBuilder(id).ForAccount(account).OnConnector("binance").WithPerformance(pnl, 0.01m, 0.1m, 100m, isTrading: true).Build();
        return executor;
    }

    private static Executor Final(string id, string account)
    {
        var executor = Running(id, account, 1m);
        executor.Terminate(CloseType.TakeProfit, DateTimeOffset.UtcNow);
        return executor;
    }
}
