using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Npgsql;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// <c>POST /executors/{executor_id}/stop</c> on the real PostgreSQL: the original's shapes, the stop request recorded on
/// the executor (durably, once), its refusals, and what happens when it races another stop or an engine's report.
/// </summary>
public sealed class StopExecutorTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Running = "StopRunning_1";
    private const string NotStarted = "StopNotStarted_1";
    private const string Closed = "StopClosed_1";
    private const string Alices = "StopAlices_1";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await StoreAsync(
            new ExecutorBuilder(Running).ForAccount("acct").OnConnector("binance").WithStatus(ExecutorStatus.Running).Build(),
            new ExecutorBuilder(NotStarted).ForAccount("acct").OnConnector("binance").WithStatus(ExecutorStatus.NotStarted).Build(),
            new ExecutorBuilder(Closed).ForAccount("acct").OnConnector("binance").Terminated(CloseType.TakeProfit).Build(),
            new ExecutorBuilder(Alices).ForAccount("alice_main").OnConnector("binance").WithStatus(ExecutorStatus.Running).Build());
    }

    [Theory]
    [InlineData("""{"keep_position": false}""", false)]
    [InlineData("""{"keep_position": true}""", true)]
    [InlineData("{}", false)]
    public async Task Stop_AsTheClientSendsIt_AnswersTheOriginalsShapeAndRecordsTheRequest(string body, bool keepPosition)
    {
        // Act
        using var response = await StopAsync(Running, body);
        var stored = await StoredAsync(Running);

        // Assert: the original's three members, with their JSON types.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var answer = await ReadJsonAsync(response);
        Assert.Equal(["executor_id", "status", "keep_position"], answer.RootElement.EnumerateObject().Select(member => member.Name));
        Assert.Equal(Running, answer.RootElement.GetProperty("executor_id").GetString());
        Assert.Equal("stopping", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal(keepPosition ? JsonValueKind.True : JsonValueKind.False, answer.RootElement.GetProperty("keep_position").ValueKind);
        Assert.Equal(keepPosition, stored.KeepPosition);
        Assert.NotNull(stored.RequestedAt);
        Assert.Equal(2, stored.Version);
        Assert.Equal("RUNNING", stored.Status); // the engine stops it; the request does not change its reported state
    }

    [Fact]
    public async Task Stop_TheSameAgain_AnswersTheSameAndChangesNothing()
    {
        // Arrange
        using var first = await StopAsync(Running, """{"keep_position": true}""");
        var etagBefore = await ETagAsync(Running);
        var before = await StoredAsync(Running);

        // Act
        using var again = await StopAsync(Running, """{"keep_position": true}""");
        var etagAfter = await ETagAsync(Running);
        var after = await StoredAsync(Running);

        // Assert
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(etagBefore, etagAfter);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_ADifferentKeepPosition_Returns409NamingTheRecordedOne(bool recorded)
    {
        // Arrange
        using var first = await StopAsync(Running, $$"""{"keep_position": {{(recorded ? "true" : "false")}}}""");

        // Act
        using var other = await StopAsync(Running, $$"""{"keep_position": {{(recorded ? "false" : "true")}}}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(other, 409);
        Assert.Contains($"keep_position={(recorded ? "true" : "false")}", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(recorded, (await StoredAsync(Running)).KeepPosition);
    }

    [Fact]
    public async Task Stop_Terminated_Returns400AlreadyClosed()
    {
        // Act
        using var response = await StopAsync(Closed, "{}");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.Equal($"Executor {Closed} is already closed", problem.RootElement.GetProperty("detail").GetString());
        var stored = await StoredAsync(Closed);
        Assert.Null(stored.KeepPosition);
        Assert.Null(stored.RequestedAt);
    }

    [Fact]
    public async Task Stop_NotStarted_IsTerminatedAtOnceWithEarlyStop()
    {
        // Arrange
        var before = DateTimeOffset.UtcNow;

        // Act
        using var response = await StopAsync(NotStarted, """{"keep_position": true}""");
        using var record = JsonDocument.Parse(await Reader().GetStringAsync($"/executors/{NotStarted}", TestContext.Current.CancellationToken));
        using var repeat = await StopAsync(NotStarted, """{"keep_position": true}""");
        using var different = await StopAsync(NotStarted, """{"keep_position": false}""");

        // Assert: closed by the stop itself; a retry of that stop is answered as the first, any other stop is "closed".
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("TERMINATED", record.RootElement.GetProperty("status").GetString());
        Assert.Equal("EARLY_STOP", record.RootElement.GetProperty("close_type").GetString());
        Assert.False(record.RootElement.GetProperty("is_active").GetBoolean());
        Assert.False(record.RootElement.GetProperty("is_trading").GetBoolean());
        var closedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(record.RootElement.GetProperty("close_timestamp").GetDouble() * 1000));
        Assert.InRange(closedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, different.StatusCode);
        Assert.Equal(2, (await StoredAsync(NotStarted)).Version);
    }

    [Fact]
    public async Task Stop_AsReader_Returns403AndRecordsNothing()
    {
        // Act
        using var client = Api.CreateReaderClient();
        using var response = await client.PostAsync($"/executors/{Running}/stop", Json("{}"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null((await StoredAsync(Running)).KeepPosition);
    }

    [Fact]
    public async Task Stop_AnotherAccountsOrUnknown_Returns404AlikeAndRecordsNothing()
    {
        // Act: alice (accounts alice_main, alice_hedge) stops an executor of "acct", one that does not exist, and her own.
        using var foreign = await StopAsync(Running, "{}", TestUsers.Alice, TestUsers.AlicePassword);
        using var unknown = await StopAsync("NoSuchExecutor", "{}", TestUsers.Alice, TestUsers.AlicePassword);
        using var own = await StopAsync(Alices, "{}", TestUsers.Alice, TestUsers.AlicePassword);

        // Assert
        using var foreignProblem = await ProblemAssert.ReadAsync(foreign, 404);
        using var unknownProblem = await ProblemAssert.ReadAsync(unknown, 404);
        Assert.Equal($"Executor '{Running}' was not found.", foreignProblem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("Executor 'NoSuchExecutor' was not found.", unknownProblem.RootElement.GetProperty("detail").GetString());
        Assert.Null((await StoredAsync(Running)).KeepPosition);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [InlineData("""{"keep_position": false, "force": true}""", "force")]
    [InlineData("""{"keep_position": "yes"}""", "keep_position")]
    [InlineData("""{"keep_position": null}""", "keep_position")]
    [InlineData("[]", "request_body")]
    public async Task Stop_BadBody_Returns400AndRecordsNothing(string body, string field)
    {
        // Act
        using var response = await StopAsync(Running, body);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.Contains(problem.RootElement.GetProperty("errors").EnumerateObject(), member => member.Name.Contains(field, StringComparison.Ordinal));
        Assert.Null((await StoredAsync(Running)).KeepPosition);
    }

    [Fact]
    public async Task Stop_TwoAtOnce_OneRecordsBothAnswerTheSame()
    {
        // Arrange: the row is held, so that both stops are in flight, waiting for it, when it is let go.
        await using var holder = await HoldRowAsync(Running);

        // Act
        var first = StopAsync(Running, """{"keep_position": true}""");
        var second = StopAsync(Running, """{"keep_position": true}""");
        await WaitForLockWaitersAsync(2);
        await holder.CommitAsync(TestContext.Current.CancellationToken);
        using var a = await first;
        using var b = await second;

        // Assert
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal(await a.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await b.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var stored = await StoredAsync(Running);
        Assert.Equal(2, stored.Version);
        Assert.True(stored.KeepPosition);
    }

    [Fact]
    public async Task Stop_RacingAnEngineReport_BothSucceedAndTheRequestSurvives()
    {
        // Arrange
        await using var holder = await HoldRowAsync(Running);

        // Act: the stop and a whole new state from the engine, both waiting for the row.
        var stop = StopAsync(Running, """{"keep_position": true}""");
        var report = WriterSendAsync(HttpMethod.Put, $"/executors/{Running}", DataEndpoints.RunningState(pnl: 7.25m).Replace("master_account", "acct", StringComparison.Ordinal));
        await WaitForLockWaitersAsync(2);
        await holder.CommitAsync(TestContext.Current.CancellationToken);
        using var stopped = await stop;
        using var reported = await report;

        // Assert
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        var stored = await StoredAsync(Running);
        Assert.True(stored.KeepPosition);
        Assert.NotNull(stored.RequestedAt);
        Assert.Equal(3, stored.Version);
        using var record = JsonDocument.Parse(await Reader().GetStringAsync($"/executors/{Running}", TestContext.Current.CancellationToken));
        Assert.Equal(7.25m, record.RootElement.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task Stop_ThenAnEngineReport_TheRequestSurvivesTheReport()
    {
        // Arrange
        using var stop = await StopAsync(Running, """{"keep_position": false}""");

        // Act
        using var report = await WriterSendAsync(HttpMethod.Put, $"/executors/{Running}", DataEndpoints.RunningState(pnl: 3m).Replace("master_account", "acct", StringComparison.Ordinal));

        // Assert
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var stored = await StoredAsync(Running);
        Assert.False(stored.KeepPosition);
        Assert.NotNull(stored.RequestedAt);
    }

    private sealed record StoredStop(DateTimeOffset? RequestedAt, bool? KeepPosition, long Version, string Status);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    private HttpClient Reader() => Api.CreateReaderClient();

    private Task<HttpResponseMessage> StopAsync(string executorId, string body, string user = TestUsers.Writer, string password = TestUsers.WriterPassword) =>
        WriterSendAsync(HttpMethod.Post, $"/executors/{executorId}/stop", body, user, password);

    private async Task<HttpResponseMessage> WriterSendAsync(HttpMethod method, string path, string body, string user = TestUsers.Writer, string password = TestUsers.WriterPassword)
    {
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string?> ETagAsync(string executorId)
    {
        using var client = Reader();
        using var response = await client.GetAsync($"/executors/{executorId}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag?.Tag;
    }

    private async Task<StoredStop> StoredAsync(string executorId)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT stop_requested_at, stop_keep_position, version, status FROM executors WHERE executor_id = @id", connection);
        command.Parameters.AddWithValue("id", executorId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return new StoredStop(
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
            reader.IsDBNull(1) ? null : reader.GetBoolean(1),
            reader.GetInt64(2),
            reader.GetString(3));
    }

    /// <summary>Holds the executor's row as a writer does (its lock), in a transaction the caller commits.</summary>
    private async Task<RowHolder> HoldRowAsync(string executorId)
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1 FROM executors WHERE executor_id = @id FOR NO KEY UPDATE", connection, transaction);
        command.Parameters.AddWithValue("id", executorId);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new RowHolder(connection, transaction);
    }

    /// <summary>Waits until this many sessions wait for a lock (the requests in flight, queued behind the held row).</summary>
    private async Task WaitForLockWaitersAsync(int count)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            var waiting = (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            if (waiting >= count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Only {waiting} of {count} requests reached the held row.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private sealed class RowHolder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
