using System.Net;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Executors.Api.Tests.LiveUpdates.LiveRequests;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// Stream tickets: issued to an authenticated caller, redeemed once as ?ticket= for the same principal (roles and
/// accounts) its user has, refused when replayed, run out, or its user is gone.
/// </summary>
public sealed class StreamTicketTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Ticket_IssuedUsedOnce_ReplayRefused()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("t1").Build());
        var before = DateTimeOffset.UtcNow;

        // Act
        var (ticket, expiresAt) = await IssueTicketAsync(Api);
        ServerSentEvent first;
        await using (var stream = await EventStream.OpenOkAsync(Api, $"/events/executors/t1?ticket={ticket}", user: null))
        {
            first = await stream.NextAsync();
        }

        await using var replay = await EventStream.OpenAsync(Api, $"/events/executors/t1?ticket={ticket}", user: null);

        // Assert: 32 bytes in base64url (43 characters, no padding), good for about 30 seconds; one use only.
        Assert.Matches("^[A-Za-z0-9_-]{43}$", ticket);
        Assert.InRange(expiresAt, before.AddSeconds(29), DateTimeOffset.UtcNow.AddSeconds(31));
        Assert.Equal("t1", first.Json.GetProperty("executor_id").GetString());
        using var problem = await ProblemAssert.ReadAsync(replay.Response, 401);
        Assert.Contains("ticket", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_StoredOnlyAsItsHash()
    {
        // Act
        var (ticket, _) = await IssueTicketAsync(Api);

        // Assert: the row holds the SHA-256 of the ticket's bytes, never the ticket.
        var stored = await ScalarAsync<byte[]>("SELECT ticket_hash FROM stream_tickets");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(ticket.Replace('-', '+').Replace('_', '/') + "=")), stored);
        Assert.Equal(TestUsers.Reader, await ScalarAsync<string>("SELECT user_name FROM stream_tickets"));
    }

    [Fact]
    public async Task Ticket_RedeemedAtOnceTwice_OnlyOneStreamOpens()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("t1").Build());
        var (ticket, _) = await IssueTicketAsync(Api);

        // Act: two clients present the same ticket at the same moment.
        var streams = await Task.WhenAll(
            EventStream.OpenAsync(Api, $"/events/executors/t1?ticket={ticket}", user: null),
            EventStream.OpenAsync(Api, $"/events/executors/t1?ticket={ticket}", user: null));

        // Assert
        try
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], streams.Select(stream => stream.Response.StatusCode).Order());
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Ticket_RunOut_Refused_AndPurgedByALaterIssue()
    {
        // Arrange: tickets good for 300 ms.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["LiveUpdates:TicketLifetime"] = "00:00:00.300" });
        await api.StoreAsync(new ExecutorBuilder("t1").Build());
        var (expired, _) = await IssueTicketAsync(api);
        _ = await IssueTicketAsync(api); // never used
        await Task.Delay(TimeSpan.FromMilliseconds(600), TestContext.Current.CancellationToken);

        // Act
        await using var stream = await EventStream.OpenAsync(api, $"/events/executors/t1?ticket={expired}", user: null);
        _ = await IssueTicketAsync(api);

        // Assert: refused; the other run-out ticket was dropped by the next issue, which left only itself.
        await ProblemAssert.ReadAsync(stream.Response, 401);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM stream_tickets"));
    }

    [Fact]
    public async Task Ticket_CarriesItsUsersAccountScope()
    {
        // Arrange
        await StoreAsync(
            Twap("mine", "alice_main"),
            Twap("theirs", "master_account"));
        var (forAll, _) = await IssueTicketAsync(Api, TestUsers.Alice, TestUsers.AlicePassword);
        var (forOther, _) = await IssueTicketAsync(Api, TestUsers.Alice, TestUsers.AlicePassword);

        // Act
        List<ServerSentEvent> seen;
        await using (var stream = await EventStream.OpenOkAsync(Api, $"/events/executors?ticket={forAll}", user: null))
        {
            seen = [await stream.NextAsync()];
            await PutAsync(Api, "theirs", "RUNNING", 1m);
            await PutAsync(Api, "mine", "RUNNING", 1m, account: "alice_main");
            seen.AddRange(await stream.UntilExecutorAsync("mine"));
        }

        await using var other = await EventStream.OpenAsync(Api, $"/events/executors/theirs?ticket={forOther}", user: null);

        // Assert: alice's executor only, at the start and after a write; another account's is not found.
        Assert.All(seen, item => Assert.Equal("mine", item.Json.GetProperty("executor_id").GetString()));
        Assert.Equal(2, seen.Count);
        await ProblemAssert.ReadAsync(other.Response, 404);
    }

    [Fact]
    public async Task Ticket_UserRemovedSinceIssue_Refused()
    {
        // Arrange: a user that configuration drops after its ticket was issued.
        var settings = new ReloadableSettings(new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = "leaving",
            ["Authentication:Users:4:PasswordHash"] = PasswordHash.Create("leaving-password", TestUsers.Iterations),
            ["Authentication:Users:4:Roles:0"] = "reader",
            ["Authentication:Users:4:Accounts:0"] = "*",
        });
        await using var api = new ApiFactory(Database.ConnectionString) { Reloadable = settings };
        await api.StoreAsync(new ExecutorBuilder("t1").Build());
        var (ticket, _) = await IssueTicketAsync(api, "leaving", "leaving-password");

        // Act
        settings.RemoveUnder("Authentication:Users:4");
        settings.Reload();
        await using var stream = await EventStream.OpenAsync(api, $"/events/executors/t1?ticket={ticket}", user: null);

        // Assert
        await ProblemAssert.ReadAsync(stream.Response, 401);
    }

    [Theory]
    [InlineData("/events/executors/t1")]
    [InlineData("/events/executors")]
    [InlineData("/events/engines/engine-a")]
    [InlineData("/events/executors/t1?ticket=not-a-ticket")]
    [InlineData("/events/executors/t1?ticket=not%20a%20ticket!")]
    [InlineData("/events/executors/t1?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D%3D")]
    [InlineData("/events/executors/t1?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Stream_WithoutCredentialsOrWithABadTicket_401(string path)
    {
        // Act
        await using var stream = await EventStream.OpenAsync(Api, path, user: null);

        // Assert
        await ProblemAssert.ReadAsync(stream.Response, 401);
    }

    [Fact]
    public async Task Issue_WithoutCredentials_401()
    {
        // Act
        using var client = Api.CreateClient();
        using var response = await client.PostAsync(new Uri("/streams/tickets", UriKind.Relative), content: null, TestContext.Current.CancellationToken);

        // Assert
        await ProblemAssert.ReadAsync(response, 401);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM stream_tickets"));
    }

    [Fact]
    public async Task Ticket_OfAReader_OpensNoEngineStream()
    {
        // Arrange
        var (ticket, _) = await IssueTicketAsync(Api);

        // Act: the engine's stream needs the writer role, which the reader's ticket does not carry.
        await using var stream = await EventStream.OpenAsync(Api, $"/events/engines/engine-a?ticket={ticket}", user: null);

        // Assert
        await ProblemAssert.ReadAsync(stream.Response, 403);
    }

    [Fact]
    public async Task WebSocket_OpenedWithATicket_HasItsUsersScope_AndTheTicketServesOnce()
    {
        // Arrange: a browser's way in: no header, the ticket in the query.
        await StoreAsync(Twap("ws_mine", "alice_main"), Twap("ws_theirs", "master_account"));
        var (ticket, _) = await IssueTicketAsync(Api, TestUsers.Alice, TestUsers.AlicePassword);
        await Api.Services.GetRequiredService<Executors.Application.LiveUpdates.IExecutorChangeFeed>()
            .WaitUntilListeningAsync(TestContext.Current.CancellationToken).WaitAsync(LiveSocket.DefaultWait, TestContext.Current.CancellationToken);

        // Act
        await using var socket = await LiveSocket.ConnectAsync(Api, user: null, query: $"?ticket={ticket}");
        await socket.ExpectAsync("connected");
        var (_, mine) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = "ws_mine" });
        await socket.SendAsync(new { action = "subscribe", type = "executor_detail", executor_id = "ws_theirs" });
        var theirs = await socket.ExpectErrorAsync();
        await using var replay = await LiveSocket.ConnectAsync(Api, user: null, query: $"?ticket={ticket}");

        // Assert: alice's executor is hers to watch, another account's is not found; the ticket is spent.
        Assert.Equal("ws_mine", mine.GetProperty("data").GetProperty("executor_id").GetString());
        Assert.Contains("not found", theirs, StringComparison.Ordinal);
        Assert.Contains("ticket is not valid", await replay.ExpectErrorAsync(), StringComparison.Ordinal);
        Assert.Equal((System.Net.WebSockets.WebSocketCloseStatus)4001, await replay.ExpectCloseAsync());
    }

    [Fact]
    public async Task EventStreams_CountWithWebSockets_AgainstTheUsersConnectionLimit()
    {
        // Arrange: a limit of two, one place taken by a WebSocket.
        await StoreAsync(Twap("limit_1", "master_account"));
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["LiveUpdates:MaxConnectionsPerUser"] = "2" });
        await using var socket = await LiveSocket.OpenAsync(api);

        // Act
        await using var stream = await EventStream.OpenOkAsync(api, "/events/executors/limit_1");
        await stream.NextAsync();
        await using var third = await EventStream.OpenAsync(api, "/events/executors/limit_1");
        await using var anotherUser = await EventStream.OpenOkAsync(api, "/events/executors/limit_1", TestUsers.Writer, TestUsers.WriterPassword);

        // Assert: the third of the reader's live connections is refused with a clear 429; another user is not counted.
        using var problem = await ProblemAssert.ReadAsync(third.Response, 429);
        Assert.Contains("Too many live connections", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await anotherUser.NextAsync();
    }

    private static Executors.Domain.Executors.Executor Twap(string id, string account) =>
        new ExecutorBuilder(id).OfType(Executors.Domain.Executors.ExecutorTypes.Twap).ForAccount(account).OnConnector("binance").ForPair("BTC-USDT").Build();

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
