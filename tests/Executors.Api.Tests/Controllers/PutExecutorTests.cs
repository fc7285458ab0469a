using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Controllers;

public sealed class PutExecutorTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Id = "PutExecutor_1";

    [Fact]
    public async Task Put_NewExecutor_Creates201WithLocationAndETag()
    {
        // Act
        using var response = await PutAsync(Id, State());

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/executors/{Id}", response.Headers.Location?.AbsolutePath);
        Assert.NotNull(response.Headers.ETag);
        using var body = await ReadAsync(response);
        Assert.Equal("RUNNING", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(1.5m, body.RootElement.GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(1705315800.5m, body.RootElement.GetProperty("timestamp").GetDecimal());
        Assert.Equal("0.001", body.RootElement.GetProperty("config").GetProperty("triple_barrier_config").GetProperty("take_profit").GetString());

        using var get = await Api.CreateReaderClient().GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        Assert.Equal(response.Headers.ETag, get.Headers.ETag);
    }

    [Fact]
    public async Task ETag_CountsTheRecordsOwnChanges_NotOtherWritesInTheDatabase()
    {
        // Arrange: other executors written many times before this one exists and between its own changes.
        for (var i = 0; i < 5; i++)
        {
            using var other = await PutAsync("PutExecutor_other", State(pnl: i));
        }

        // Act
        using var created = await PutAsync(Id, State(pnl: 1m));
        using var others = await PutAsync("PutExecutor_other", State(pnl: 99m));
        using var changed = await PutAsync(Id, State(pnl: 2m));
        using var unchanged = await PutAsync(Id, State(pnl: 2m));

        // Assert: 1 when registered, one more per change of its own, nothing for anyone else's (it was xmin, a
        // database-wide transaction counter that told a reader how many writes others made).
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        Assert.Equal("\"2\"", unchanged.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Put_BodyNamingItsOwnExecutorId_IsAccepted()
    {
        // Arrange
        var state = State();
        state["executor_id"] = Id;

        // Act
        using var response = await PutAsync(Id, state);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Put_SameStateTwice_IsIdempotent()
    {
        // Arrange
        using var first = await PutAsync(Id, State());

        // Act: the same report, formatted differently (jsonb stores config in its own spacing and key order).
        var respelled = new JsonObject(JsonNode.Parse(HummingbotConfigs.Grid)!.AsObject().Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        using var second = await PutAsync(Id, State(config: respelled.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));

        // Assert
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Put_ChangedState_ReplacesWithNewETag()
    {
        // Arrange
        using var first = await PutAsync(Id, State());

        // Act
        using var second = await PutAsync(Id, State(pnl: 2.75m, status: "SHUTTING_DOWN"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        using var body = await ReadAsync(second);
        Assert.Equal(2.75m, body.RootElement.GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal("SHUTTING_DOWN", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Put_IfMatchCurrent_Replaces_IfMatchStale_Returns412()
    {
        // Arrange
        using var created = await PutAsync(Id, State());
        var original = created.Headers.ETag!;
        using var changed = await PutAsync(Id, State(pnl: 5m), ifMatch: original.ToString());

        // Act: the same stale tag again.
        using var stale = await PutAsync(Id, State(pnl: 9m), ifMatch: original.ToString());

        // Assert
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(stale, 412);
        using var get = await ReadAsync(await Api.CreateReaderClient().GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken));
        Assert.Equal(5m, get.RootElement.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Theory]
    [InlineData(false, "\"1\"", null)] // If-Match: a version of an executor that does not exist
    [InlineData(true, null, "*")] // If-None-Match: * (create only) for one that does
    public async Task Put_ConditionTheExecutorsExistenceBreaks_Returns412(bool existing, string? ifMatch, string? ifNoneMatch)
    {
        // Arrange
        if (existing)
        {
            using var created = await PutAsync(Id, State());
        }

        // Act
        using var response = await PutAsync(Id, State(), ifMatch, ifNoneMatch);

        // Assert
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task Put_TerminatedExecutor_SameReportIs200_ChangeIs409()
    {
        // Arrange
        var terminated = State(status: "TERMINATED", isTrading: false, closeType: "TAKE_PROFIT", closeTimestamp: 1705320000m);
        using var created = await PutAsync(Id, terminated);

        // Act
        using var again = await PutAsync(Id, terminated);
        using var changed = await PutAsync(Id, State(status: "TERMINATED", isTrading: false, closeType: "TAKE_PROFIT", closeTimestamp: 1705320000m, pnl: 100m));

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(changed, 409);
        Assert.Contains("final", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHUTTING_DOWN", "RUNNING")]
    [InlineData("RUNNING", "NOT_STARTED")]
    public async Task Put_StatusBackwards_Returns409(string from, string to)
    {
        // Arrange
        using var created = await PutAsync(Id, State(status: from, isTrading: false));

        // Act
        using var response = await PutAsync(Id, State(status: to, isTrading: false));

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Put_AccountChanged_Returns409()
    {
        // Arrange
        using var created = await PutAsync(Id, State());
        var moved = State();
        moved["account_name"] = "other_account";

        // Act
        using var response = await PutAsync(Id, moved);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    public static TheoryData<string, string> InvalidStates => new()
    {
        { """{"net_pnl_quot": 125.5}""", "net_pnl_quot" },
        { """{"error_count": 3}""", "error_count" },
        { """{"is_active": false}""", "is_active" },
        { """{"executor_id": "PutExecutor_2"}""", "executor_id" },
        { """{"status": null}""", "status" },
        { """{"status": "PAUSED"}""", "status" },
        { """{"side": "LONG"}""", "side" },
        { """{"executor_type": "spot_executor"}""", "executor_type" },
        { """{"close_type": "STOP_LOSS"}""", "close_type" },
        { """{"close_timestamp": 1705320000}""", "close_timestamp" },
        { """{"status": "TERMINATED", "is_trading": false}""", "close_type" },
        { """{"status": "TERMINATED", "is_trading": true, "close_type": "FAILED", "close_timestamp": 1705320000}""", "is_trading" },
        { """{"status": "TERMINATED", "is_trading": false, "close_type": "NOPE", "close_timestamp": 1705320000}""", "close_type" },
        { """{"status": "TERMINATED", "is_trading": false, "close_type": "FAILED", "close_timestamp": 1705000000}""", "close_timestamp" },
        { """{"cum_fees_quote": -0.01}""", "cum_fees_quote" },
        { """{"filled_amount_quote": -1}""", "filled_amount_quote" },
        { """{"timestamp": 1000}""", "timestamp" },
        { """{"timestamp": 99999999999}""", "timestamp" },
        { """{"timestamp": 1000000000000000}""", "timestamp" }, // beyond what an instant can hold: refused, never mapped
        { """{"status": "TERMINATED", "is_trading": false, "close_type": "FAILED", "close_timestamp": -1000000000000000}""", "close_timestamp" },
        { """{"created_at": "1999-12-31T00:00:00Z"}""", "created_at" },
        { """{"config": [1, 2]}""", "config" },
        { """{"custom_info": "text"}""", "custom_info" },
        { """{"account_name": ""}""", "account_name" },
        { $$"""{"trading_pair": "{{new string('X', 65)}}"}""", "trading_pair" },
        { $$"""{"controller_id": "{{new string('c', 257)}}"}""", "controller_id" },
        { "{\"config\": {\"blob\": \"" + new string('x', 65 * 1024) + "\"}}", "config" },
        { "{\"custom_info\": " + string.Concat(Enumerable.Repeat("{\"a\":", 33)) + "1" + new string('}', 33) + "}", "custom_info" },
    };

    [Theory]
    [MemberData(nameof(InvalidStates))]
    public async Task Put_InvalidField_Returns400NamingItAndStoresNothing(string overrides, string field)
    {
        // Arrange: a valid state with one field made invalid.
        var state = State();
        foreach (var (key, value) in JsonNode.Parse(overrides)!.AsObject())
        {
            state[key] = value?.DeepClone();
        }

        // Act
        using var response = await PutAsync(Id, state);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        // Even too deep to parse at all (the JSON reader's own limit) names it by its wire name, never a JSON path.
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), problem.RootElement.GetRawText());
        using var get = await Api.CreateReaderClient().GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("""{"status": "RUNNING", "net_pnl_quote": "NaN"}""")]
    [InlineData("""{"status": "RUNNING", "net_pnl_quote": NaN}""")]
    [InlineData("""{"status": "RUNNING", "net_pnl_quote": "Infinity"}""")]
    [InlineData("""{"status": "RUNNING", "net_pnl_quote": 1e400}""")]
    [InlineData("""{"status": "RUNNING",""")]
    [InlineData("")]
    public async Task Put_UnreadableOrNonFiniteBody_Returns400(string body)
    {
        // Act
        using var client = WriterClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"/executors/{Id}", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
    }

    [Fact]
    public async Task Put_AsReader_Returns403()
    {
        // Act
        using var content = new StringContent(State().ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Api.CreateReaderClient().PutAsync($"/executors/{Id}", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 403);
        Assert.Contains("writer", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NoCredentials_Returns401()
    {
        // Act
        using var content = new StringContent(State().ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Api.CreateClient().PutAsync($"/executors/{Id}", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_IfNoneMatchCurrentETag_Returns304()
    {
        // Arrange
        using var created = await PutAsync(Id, State());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{Id}");
        request.Headers.IfNoneMatch.Add(created.Headers.ETag!);

        // Act
        using var response = await Api.CreateReaderClient().SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(created.Headers.ETag, response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_CacheControl_PrivateAndFinalOnlyOnceTerminated()
    {
        // Arrange
        using var running = await PutAsync("cc_running", State());
        using var terminated = await PutAsync("cc_done", State(status: "TERMINATED", isTrading: false, closeType: "COMPLETED", closeTimestamp: 1705320000m));
        var client = Api.CreateReaderClient();

        // Act
        using var activeResponse = await client.GetAsync("/executors/cc_running", TestContext.Current.CancellationToken);
        using var finalResponse = await client.GetAsync("/executors/cc_done", TestContext.Current.CancellationToken);

        // Assert
        Assert.True(activeResponse.Headers.CacheControl!.Private);
        Assert.True(activeResponse.Headers.CacheControl.NoCache);
        Assert.True(finalResponse.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromDays(1), finalResponse.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task Put_BodyOverTheLimit_Returns413OverKestrel()
    {
        // Arrange: Kestrel enforces the limit; a 300 KB body against the default 256 KB. A host of its own: the shared
        // one runs on the in-memory test server, which has no Kestrel limits.
        using var certificate = new TestCertificate();
        await using var api = new KestrelApi(Database.ConnectionString, certificate);
        using var client = new HttpClient(certificate.PinnedHandler()) { BaseAddress = api.HttpsAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        var state = State();
        state["custom_info"] = new JsonObject { ["blob"] = new string('x', 300 * 1024) };
        using var content = new StringContent(state.ToJsonString(), Encoding.UTF8, "application/json");

        // Act
        using var response = await client.PutAsync($"/executors/{Id}", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 413);
    }

    [Theory]
    [InlineData("RUNNING")]
    [InlineData("TERMINATED")]
    public async Task Get_AfterPut_WritesTheSameBytesAndHeadersAsMvcFormatter(string status)
    {
        // Arrange: PUT's answer goes through MVC's JSON formatter; GET's through ExecutorJson (for a TERMINATED
        // executor, from the TERMINATED-executor cache on the second read).
        var terminated = status == "TERMINATED";
        using var put = await PutAsync(Id, State(
            status: status,
            isTrading: !terminated,
            closeType: terminated ? "TAKE_PROFIT" : null,
            closeTimestamp: terminated ? 1705320000m : null));
        var mvcJson = Api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        using var reader = Api.CreateReaderClient();

        // Act: twice (the second TERMINATED read is a cache hit).
        using var first = await reader.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        using var second = await reader.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        foreach (var get in new[] { first, second })
        {
            // The bytes MVC's formatter writes for the record these bytes describe (config and custom_info keep their
            // stored text either way, so the round trip is exact).
            var body = await get.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            var record = JsonSerializer.Deserialize<ExecutorDetailResponse>(body, mvcJson)!;
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(record, mvcJson), body);
            Assert.Equal(put.Content.Headers.ContentType, get.Content.Headers.ContentType);
            Assert.Equal(body.Length, get.Content.Headers.ContentLength);
            Assert.Equal(put.Headers.ETag, get.Headers.ETag);
            Assert.Equal(put.Headers.CacheControl, get.Headers.CacheControl);
        }
    }

    [Fact]
    public async Task Put_WithoutControllerId_RegistersUnderMainIdempotently()
    {
        // Arrange: the engine names no controller (hummingbot-api's default is "main").
        var state = State();
        state.Remove("controller_id");

        // Act
        using var created = await PutAsync("NoController", state);
        using var repeated = await PutAsync("NoController", state);
        using var reader = Api.CreateReaderClient();
        using var search = await reader.PostAsync(
            "/executors/search",
            new StringContent("""{"controller_ids": ["main"]}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        // Assert: "main" on the record; the same report again changes nothing; a filter on "main" finds it.
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = await ReadAsync(created);
        Assert.Equal("main", body.RootElement.GetProperty("controller_id").GetString());
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(created.Headers.ETag, repeated.Headers.ETag);
        using var page = await ReadAsync(search);
        Assert.Equal("NoController", Assert.Single(page.RootElement.GetProperty("data").EnumerateArray()).GetProperty("executor_id").GetString());
    }

    private static JsonObject State(
        string status = "RUNNING",
        bool isTrading = true,
        decimal pnl = 1.5m,
        string? closeType = null,
        decimal? closeTimestamp = null,
        string config = HummingbotConfigs.Grid) => new()
    {
        ["executor_type"] = "grid_executor",
        ["account_name"] = "master_account",
        ["connector_name"] = "binance",
        ["trading_pair"] = "BTC-USDT",
        ["status"] = status,
        ["is_trading"] = isTrading,
        ["net_pnl_quote"] = pnl,
        ["net_pnl_pct"] = 0.15m,
        ["cum_fees_quote"] = 0.25m,
        ["filled_amount_quote"] = 1000m,
        ["side"] = "RANGE",
        ["timestamp"] = 1705315800.5m,
        ["created_at"] = "2024-01-15T10:30:00Z",
        ["close_type"] = closeType,
        ["close_timestamp"] = closeTimestamp,
        ["controller_id"] = "grid_ctrl",
        ["config"] = JsonNode.Parse(config),
        ["custom_info"] = new JsonObject { ["levels_filled"] = 2 },
    };

    private HttpClient WriterClient()
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        return client;
    }

    private async Task<HttpResponseMessage> PutAsync(string id, JsonObject state, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var client = WriterClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/executors/{id}")
        {
            Content = new StringContent(state.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
}
