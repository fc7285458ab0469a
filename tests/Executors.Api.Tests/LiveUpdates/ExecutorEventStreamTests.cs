using System.Globalization;
using System.Net;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Executors.Infrastructure.LiveUpdates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static Executors.Api.Tests.LiveUpdates.LiveRequests;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// Server-Sent Events on the real PostgreSQL and change feed: the current state at once (as GET shows it), each change
/// pushed as it commits, filters and accounts applied, engines told of stops, resumption with Last-Event-ID.
/// </summary>
public sealed class ExecutorEventStreamTests(SharedApi shared) : SharedApiTest(shared)
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExecutorStream_FirstEventEqualsGet_WithStreamHeaders()
    {
        // Arrange
        await StoreAsync(ExecutorBuilder.FullyPopulated("e1").Build());
        var get = await GetExecutorAsync(Api, "e1");

        // Act
        await using var stream = await EventStream.OpenOkAsync(Api, "/events/executors/e1");
        var first = await stream.NextAsync();

        // Assert
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(stream.Response.Headers.CacheControl?.NoCache);
        Assert.Equal(["no"], stream.Response.Headers.GetValues("X-Accel-Buffering"));
        Assert.Equal("executor", first.Event);
        Assert.Equal(get, first.Data);
        Assert.True(ulong.TryParse(first.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _), first.Id);
    }

    [Fact]
    public async Task ExecutorStream_APut_IsTheNextEvent()
    {
        // Arrange
        await StoreAsync(Waiting("e1", 1));
        await using var stream = await EventStream.OpenOkAsync(Api, "/events/executors/e1");
        var first = await stream.NextAsync();

        // Act
        await PutAsync(Api, "e1", "RUNNING", 12.5m);
        var next = await stream.NextAsync();

        // Assert: the new state, as GET now shows it, under a later mark.
        Assert.Equal("NOT_STARTED", first.Json.GetProperty("status").GetString());
        Assert.Equal("RUNNING", next.Json.GetProperty("status").GetString());
        Assert.Equal(12.5m, next.Json.GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(await GetExecutorAsync(Api, "e1"), next.Data);
        Assert.True(ulong.Parse(next.Id!, CultureInfo.InvariantCulture) >= ulong.Parse(first.Id!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ExecutorStream_OtherExecutorsWrites_SendNothing_KeepAlivesDo()
    {
        // Arrange: keep-alives every 200 ms.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["LiveUpdates:KeepAliveInterval"] = "00:00:00.200" });
        await api.StoreAsync(Waiting("e1", 1), Waiting("e2", 2));
        await using var stream = await EventStream.OpenOkAsync(api, "/events/executors/e1");
        await stream.NextAsync();

        // Act: e2 changes (no event here), then e1 does.
        await PutAsync(api, "e2", "RUNNING", 1m);
        await Task.Delay(TimeSpan.FromMilliseconds(700), TestContext.Current.CancellationToken);
        await PutAsync(api, "e1", "RUNNING", 2m);
        var next = await stream.NextAsync();

        // Assert
        Assert.Equal("e1", next.Json.GetProperty("executor_id").GetString());
        Assert.Equal(2m, next.Json.GetProperty("net_pnl_quote").GetDecimal());
        Assert.True(stream.Comments >= 2, $"{stream.Comments} keep-alives");
    }

    [Fact]
    public async Task FilterStream_OnlyMatchingExecutors_AtStartAndOnChange()
    {
        // Arrange
        await StoreAsync(Waiting("a1", 1, connector: "binance"), Waiting("k1", 2, connector: "kucoin"), Waiting("a2", 3, connector: "binance"));

        // Act
        await using var stream = await EventStream.OpenOkAsync(Api, "/events/executors?connector_name=binance&status=NOT_STARTED");
        var start = new[] { await stream.NextAsync(), await stream.NextAsync() };
        await PutAsync(Api, "k1", "NOT_STARTED", 5m, connector: "kucoin");
        await PutAsync(Api, "a2", "NOT_STARTED", 7m);
        var changed = await stream.UntilExecutorAsync("a2");

        // Assert: a1 and a2 at the start (oldest first), then a2's change; k1 never.
        Assert.Equal(["a1", "a2"], start.Select(item => item.Json.GetProperty("executor_id").GetString()));
        var only = Assert.Single(changed);
        Assert.Equal(7m, only.Json.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task Streams_OnTwoApiProcesses_BothGetAWriteMadeThroughOne()
    {
        // Arrange: a second API process on the same database, a stream open on each.
        await using var other = new ApiFactory(Database.ConnectionString);
        await StoreAsync(Waiting("e1", 1));
        await using var here = await EventStream.OpenOkAsync(Api, "/events/executors/e1");
        await using var there = await EventStream.OpenOkAsync(other, "/events/executors/e1");
        await Task.WhenAll(here.NextAsync(), there.NextAsync());

        // Act: the write goes through the other process only.
        await PutAsync(other, "e1", "RUNNING", 4m);
        var pushed = await Task.WhenAll(here.NextAsync(), there.NextAsync());

        // Assert
        Assert.All(pushed, item => Assert.Equal(4m, item.Json.GetProperty("net_pnl_quote").GetDecimal()));
        Assert.Equal(pushed[0].Data, pushed[1].Data);
    }

    [Theory]
    [InlineData("/events/executors?status=SLEEPING", "status")]
    [InlineData("/events/executors?executor_type=nope", "executor_type")]
    [InlineData("/events/executors?controller_id=", "controller_id")]
    [InlineData("/events/executors/bad%20id", "executor_id")]
    [InlineData("/events/engines/bad%20engine", "engine_id")]
    public async Task Stream_BadInput_400NamingTheField(string path, string field)
    {
        // Act
        await using var stream = await EventStream.OpenAsync(Api, path, TestUsers.Writer, TestUsers.WriterPassword);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(stream.Response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("/events/executors/e1")]
    [InlineData("/events/executors")]
    [InlineData("/events/engines/engine-a")]
    public async Task Stream_MalformedLastEventId_400BeforeStreaming(string path)
    {
        // Arrange
        await StoreAsync(Waiting("e1", 1));

        // Act
        await using var stream = await EventStream.OpenAsync(Api, path, TestUsers.Writer, TestUsers.WriterPassword, lastEventId: "12abc");

        // Assert
        using var problem = await ProblemAssert.ReadAsync(stream.Response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Last-Event-ID", out _), problem.RootElement.GetRawText());
    }

    [Fact]
    public async Task ExecutorStream_AnotherAccountsOrUnknown_404_WithOrWithoutLastEventId()
    {
        // Arrange
        await StoreAsync(Waiting("theirs", 1));

        // Act
        await using var other = await EventStream.OpenAsync(Api, "/events/executors/theirs", TestUsers.Alice, TestUsers.AlicePassword);
        await using var resumed = await EventStream.OpenAsync(Api, "/events/executors/theirs", TestUsers.Alice, TestUsers.AlicePassword, lastEventId: "1");
        await using var unknown = await EventStream.OpenAsync(Api, "/events/executors/nobody");

        // Assert
        await ProblemAssert.ReadAsync(other.Response, 404);
        await ProblemAssert.ReadAsync(resumed.Response, 404);
        await ProblemAssert.ReadAsync(unknown.Response, 404);
    }

    [Fact]
    public async Task Resume_FromLastEventId_SendsWhatChangedWhileAway_NotWhatDidNot()
    {
        // Arrange: a client saw both executors, then went away.
        await StoreAsync(Waiting("a", 1), Waiting("b", 2));
        string lastId;
        await using (var stream = await EventStream.OpenOkAsync(Api, "/events/executors?connector_name=binance"))
        {
            await stream.NextAsync();
            lastId = (await stream.NextAsync()).Id!;
        }

        // Act: a changes while it is away; then it comes back with the last id it saw. A write to a marker executor after
        // it is back closes what the resumption sent.
        await PutAsync(Api, "a", "RUNNING", 3m);
        await using var resumed = await EventStream.OpenOkAsync(Api, "/events/executors?connector_name=binance", lastEventId: lastId);
        var sent = await ReadUntilMarkerAsync(resumed);

        // Assert: a's new state; b not, since its last write is below the mark (checked, as that is the promise).
        Assert.True(await ChangeXidAsync("b") < ulong.Parse(lastId, CultureInfo.InvariantCulture));
        var a = Assert.Single(sent);
        Assert.Equal("a", a.Json.GetProperty("executor_id").GetString());
        Assert.Equal("RUNNING", a.Json.GetProperty("status").GetString());
        Assert.Equal(await GetExecutorAsync(Api, "a"), a.Data);
    }

    [Fact]
    public async Task Resume_OneExecutorUnchanged_SendsNothingUntilItChanges()
    {
        // Arrange
        await StoreAsync(Waiting("e1", 1));
        string lastId;
        await using (var stream = await EventStream.OpenOkAsync(Api, "/events/executors/e1"))
        {
            lastId = (await stream.NextAsync()).Id!;
        }

        // Act
        await using var resumed = await EventStream.OpenOkAsync(Api, "/events/executors/e1", lastEventId: lastId);
        await PutAsync(Api, "e1", "RUNNING", 9m);
        var next = await resumed.NextAsync();

        // Assert: the first event after resuming is the change, not the state the client already had.
        Assert.Equal(9m, next.Json.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task EngineStream_StopOfAnExecutorItHolds_Pushed_OthersNot_PendingOnesFirstOnConnect()
    {
        // Arrange: engine-a holds a1, engine-b holds b1; both run.
        await StoreAsync(Waiting("a1", 1), Waiting("b1", 2));
        using (await SendAsync(Api, HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 1}"""))
        using (await SendAsync(Api, HttpMethod.Post, "/engines/engine-b/claims", """{"limit": 1}"""))
        {
        }

        await PutAsync(Api, "a1", "RUNNING", 0m);
        await PutAsync(Api, "b1", "RUNNING", 0m);
        await using var stream = await EventStream.OpenOkAsync(Api, "/events/engines/engine-a", TestUsers.Writer, TestUsers.WriterPassword);

        // Act: b1 (not engine-a's) is stopped first, then a1.
        using var stopB = await SendAsync(Api, HttpMethod.Post, "/executors/b1/stop", "{}");
        using var stopA = await SendAsync(Api, HttpMethod.Post, "/executors/a1/stop", """{"keep_position": true}""");
        var pushed = await stream.NextAsync();
        await using var reconnected = await EventStream.OpenOkAsync(Api, "/events/engines/engine-a", TestUsers.Writer, TestUsers.WriterPassword);
        var pending = await reconnected.NextAsync();

        // Assert: only a1's stop, with what it asks; a reconnecting engine gets it at once.
        Assert.Equal(HttpStatusCode.OK, stopB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stopA.StatusCode);
        Assert.Equal("stop_requested", pushed.Event);
        Assert.Equal("a1", pushed.Json.GetProperty("executor_id").GetString());
        Assert.True(pushed.Json.GetProperty("keep_position").GetBoolean());
        Assert.Equal(JsonValueKindString, pushed.Json.GetProperty("stop_requested_at").ValueKind);
        Assert.Equal(pushed.Data, pending.Data);
    }

    [Fact]
    public async Task EngineStream_TakesOverAnExecutorWithAStopPending_ToldAtOnce()
    {
        // Arrange: leases of one second; engine-a claims x1, which runs and is asked to stop, then engine-a goes silent.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["Engines:LeaseDuration"] = "00:00:01" });
        await api.StoreAsync(Waiting("x1", 1));
        using (await SendAsync(api, HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 1}"""))
        {
        }

        await PutAsync(api, "x1", "RUNNING", 0m);
        using (await SendAsync(api, HttpMethod.Post, "/executors/x1/stop", "{}"))
        {
        }

        await using var stream = await EventStream.OpenOkAsync(api, "/events/engines/engine-b", TestUsers.Writer, TestUsers.WriterPassword);
        await Task.Delay(TimeSpan.FromMilliseconds(1500), TestContext.Current.CancellationToken);

        // Act: engine-b takes the run-out lease over; the executor itself is not written.
        using var claim = await SendAsync(api, HttpMethod.Post, "/engines/engine-b/claims", """{"limit": 1}""");
        var pushed = await stream.NextAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal("stop_requested", pushed.Event);
        Assert.Equal("x1", pushed.Json.GetProperty("executor_id").GetString());
        Assert.False(pushed.Json.GetProperty("keep_position").GetBoolean());
    }

    [Fact]
    public async Task EngineStream_Reader_403()
    {
        // Act
        await using var stream = await EventStream.OpenAsync(Api, "/events/engines/engine-a");

        // Assert
        await ProblemAssert.ReadAsync(stream.Response, 403);
    }

    [Fact]
    public async Task Stream_ClientGoesAway_TheRequestEnds()
    {
        // Arrange: the request log says when a request is over.
        var sink = new CollectingLogSink();
        await using var api = new ApiFactory(
            Database.ConnectionString,
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            services: services => services.AddSingleton<Serilog.Core.ILogEventSink>(sink));
        await api.StoreAsync(Waiting("e1", 1));
        var hub = api.Services.GetRequiredService<ExecutorChangeHub>();
        var before = hub.SubscriberCount;
        var stream = await EventStream.OpenOkAsync(api, "/events/executors/e1");
        await stream.NextAsync();
        Assert.Empty(Completed(sink));
        Assert.Equal(before + 1, hub.SubscriberCount);

        // Act
        await stream.DisposeAsync();

        // Assert: the server side noticed and finished the request (within a few seconds; no keep-alive is due).
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Completed(sink).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Single(Completed(sink));
        Assert.Equal(before, hub.SubscriberCount);
    }

    [Fact]
    public async Task Resync_TheStreamReadsAgain_AndSendsWhatNoNotificationAnnounced()
    {
        // Arrange: a write the feed never hears of (triggers off for its session; its writer's xid stamped by hand), as
        // when the listening connection was down.
        await StoreAsync(Waiting("e1", 1));
        await using var stream = await EventStream.OpenOkAsync(Api, "/events/executors/e1");
        await stream.NextAsync();
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(
                """
                SET session_replication_role = replica;
                UPDATE executors SET net_pnl_quote = 5, change_xid = pg_current_xact_id() WHERE executor_id = 'e1';
                """,
                connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Act: the feed announces a resync (what its listener does after reconnecting).
        Api.Services.GetRequiredService<ExecutorChangeHub>().Publish(Executors.Application.LiveUpdates.ExecutorChangeKind.Resync, null, null);
        var next = await stream.NextAsync();

        // Assert
        Assert.Equal(5m, next.Json.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task Stream_ApplicationStops_TheStreamEnds()
    {
        // Arrange
        await using var api = new ApiFactory(Database.ConnectionString);
        await api.StoreAsync(Waiting("e1", 1));
        await using var stream = await EventStream.OpenOkAsync(api, "/events/executors/e1");
        await stream.NextAsync();

        // Act
        api.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // Assert: the response ends (rather than waiting for the client or the shutdown timeout).
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => stream.NextAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("The stream ended.", ended.Message);
    }

    private static List<Serilog.Events.LogEvent> Completed(CollectingLogSink sink) =>
        [.. sink.Events.Where(item => item.Properties.TryGetValue("RouteTemplate", out var route) && route.ToString() == "\"/events/executors/{executor_id}\"")];

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;

    private static Executor Waiting(string id, int minutes, string connector = "binance", string account = "master_account") =>
        new ExecutorBuilder(id).OfType(ExecutorTypes.Twap).ForAccount(account).OnConnector(connector).ForPair("BTC-USDT").CreatedAt(Start.AddMinutes(minutes)).Build();

    /// <summary>Stores a marker executor the stream matches and reads up to its event: what came before it is what the resumption sent.</summary>
    private async Task<List<ServerSentEvent>> ReadUntilMarkerAsync(EventStream stream)
    {
        await StoreAsync(Waiting("marker", 9));
        var events = await stream.UntilExecutorAsync("marker");
        return events[..^1];
    }

    private async Task<ulong> ChangeXidAsync(string executorId)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT change_xid::text FROM executors WHERE executor_id = @id", connection);
        command.Parameters.AddWithValue("id", executorId);
        return ulong.Parse((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, CultureInfo.InvariantCulture);
    }
}
