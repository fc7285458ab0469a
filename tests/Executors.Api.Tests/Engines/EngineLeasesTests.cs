using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Engines;

/// <summary>
/// Engines claim executors no engine holds (NOT_STARTED ones, and those whose engine's lease ran out), keep them with a
/// heartbeat, and find them again after their own restart; two engines never hold the same executor.
/// </summary>
public sealed class EngineLeasesTests(SharedApi shared) : SharedApiTest(shared)
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Claim_OldestNotStartedFirst_UpToTheLimit_NeverOthers()
    {
        // Arrange: three waiting, one running that no engine claimed (reported directly), one terminated.
        await StoreAsync(
            Waiting("w2", 2), Waiting("w1", 1), Waiting("w3", 3),
            new ExecutorBuilder("running").WithStatus(ExecutorStatus.Running).CreatedAt(Start).Build(),
            new ExecutorBuilder("done").Terminated().CreatedAt(Start).Build());

        // Act
        using var first = await ClaimAsync(Api, "engine-a", 2);
        using var second = await ClaimAsync(Api, "engine-a", 2);
        using var third = await ClaimAsync(Api, "engine-a", 2);

        // Assert
        Assert.Equal(["w1", "w2"], Ids(first));
        Assert.Equal(["w3"], Ids(second));
        Assert.Empty(Ids(third));
        var held = first.RootElement.GetProperty("executors")[0];
        Assert.Equal("engine-a", first.RootElement.GetProperty("engine_id").GetString());
        Assert.False(held.GetProperty("lease_expired").GetBoolean());
        Assert.Equal(JsonValueKind.String, held.GetProperty("lease_expires_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, held.GetProperty("stop_requested_at").ValueKind);
        Assert.Equal("NOT_STARTED", held.GetProperty("executor").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Claim_TwoEnginesAtOnce_NeverTheSameExecutor_AndNoneLeftBehind()
    {
        // Arrange
        await StoreAsync([.. Enumerable.Range(0, 30).Select(i => Waiting($"x{i:00}", i))]);
        var taken = new ConcurrentDictionary<string, ConcurrentBag<string>>();

        // Act: two engines claim three at a time, at once, until nothing is left.
        async Task RunAsync(string engine)
        {
            while (true)
            {
                using var claim = await ClaimAsync(Api, engine, 3);
                var ids = Ids(claim);
                if (ids.Length == 0)
                {
                    return;
                }

                foreach (var id in ids)
                {
                    taken.GetOrAdd(id, _ => []).Add(engine);
                }
            }
        }

        await Task.WhenAll(RunAsync("engine-a"), RunAsync("engine-b"));

        // Assert: every executor claimed exactly once.
        Assert.Equal(30, taken.Count);
        Assert.All(taken, pair => Assert.Single(pair.Value));
    }

    [Fact]
    public async Task Restarted_EngineListsWhatItHolds_WithStopRequests()
    {
        // Arrange: engine-a claims two; the user asks one of them to stop keeping its position once it runs.
        await StoreAsync(Waiting("r1", 1), Waiting("r2", 2));
        using (await ClaimAsync(Api, "engine-a", 5))
        {
        }

        await ReportRunningAsync("r2");
        using var stop = await SendAsync(Api, HttpMethod.Post, "/executors/r2/stop", """{"keep_position": true}""");

        // Act: after its restart, the engine asks what it holds.
        using var held = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/engines/engine-a/executors"));
        using var other = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/engines/engine-b/executors"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(["r1", "r2"], Ids(held));
        var r2 = held.RootElement.GetProperty("executors")[1];
        Assert.Equal(JsonValueKind.String, r2.GetProperty("stop_requested_at").ValueKind);
        Assert.True(r2.GetProperty("keep_position").GetBoolean());
        Assert.Empty(Ids(other));
    }

    [Fact]
    public async Task Lease_RunOut_ShownAsSuchAndClaimedByAnotherEngine_HeartbeatKeepsIt()
    {
        // Arrange: leases of one second, on a host of the test's own (same database).
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["Engines:LeaseDuration"] = "00:00:01" });
        await StoreAsync(Waiting("kept", 1), Waiting("lost", 2));
        using (await ClaimAsync(api, "engine-a", 5))
        {
        }

        // Act: engine-a heartbeats only for "kept"'s sake... then stops; both leases run out; it heartbeats once more
        // after engine-b has taken over the executors (the heartbeat renews only what it still holds).
        await Task.Delay(TimeSpan.FromMilliseconds(1500), TestContext.Current.CancellationToken);
        using var unattended = await ReadAsync(await SendAsync(api, HttpMethod.Get, "/engines/engine-a/executors"));
        using var takeover = await ClaimAsync(api, "engine-b", 5);
        using var late = await ReadAsync(await SendAsync(api, HttpMethod.Post, "/engines/engine-a/heartbeat"));
        using var heartbeat = await ReadAsync(await SendAsync(api, HttpMethod.Post, "/engines/engine-b/heartbeat"));
        using var nothing = await ClaimAsync(api, "engine-a", 5);

        // Assert
        Assert.All(unattended.RootElement.GetProperty("executors").EnumerateArray(), item => Assert.True(item.GetProperty("lease_expired").GetBoolean()));
        Assert.Equal(["kept", "lost"], Ids(takeover));
        Assert.Empty(Ids(late));
        Assert.Equal(["kept", "lost"], Ids(heartbeat));
        Assert.All(heartbeat.RootElement.GetProperty("executors").EnumerateArray(), item => Assert.False(item.GetProperty("lease_expired").GetBoolean()));
        Assert.Empty(Ids(nothing));
    }

    [Fact]
    public async Task Claim_RestrictedWriter_OnlyItsAccounts_ReaderRefused()
    {
        // Arrange
        await StoreAsync(Waiting("mine", 1, "alice_main"), Waiting("theirs", 2));

        // Act
        using var alice = await ReadAsync(await SendAsync(Api, HttpMethod.Post, "/engines/alice-engine/claims", """{"limit": 10}""", TestUsers.Alice, TestUsers.AlicePassword));
        using var reader = await SendAsync(Api, HttpMethod.Post, "/engines/reader-engine/claims", """{"limit": 10}""", TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(["mine"], Ids(alice));
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
    }

    [Theory]
    [InlineData("/engines/bad%20engine/claims", """{"limit": 1}""", "engine_id")]
    [InlineData("/engines/engine-a/claims", """{"limit": 0}""", "limit")]
    [InlineData("/engines/engine-a/claims", """{"limit": 101}""", "limit")]
    public async Task Claim_BadInput_400NamingTheField(string path, string body, string field)
    {
        // Act
        using var response = await SendAsync(Api, HttpMethod.Post, path, body);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.GetRawText());
    }

    private static Executor Waiting(string id, int minutes, string account = "master_account") =>
        new ExecutorBuilder(id).OfType(ExecutorTypes.Twap).ForAccount(account).OnConnector("binance").ForPair("BTC-USDT").CreatedAt(Start.AddMinutes(minutes)).Build();

    private static string[] Ids(JsonDocument answer) =>
        [.. answer.RootElement.GetProperty("executors").EnumerateArray().Select(item => item.GetProperty("executor").GetProperty("executor_id").GetString()!)];

    private async Task ReportRunningAsync(string id)
    {
        using var response = await SendAsync(Api, HttpMethod.Put, $"/executors/{id}", """{"executor_type": "twap_executor", "account_name": "master_account", "connector_name": "binance", "trading_pair": "BTC-USDT", "status": "RUNNING", "created_at": "2024-01-15T10:02:00Z"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<JsonDocument> ClaimAsync(ApiFactory api, string engine, int limit)
    {
        using var response = await SendAsync(api, HttpMethod.Post, $"/engines/{engine}/claims", $$"""{"limit": {{limit}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(ApiFactory api, HttpMethod method, string path, string? body = null, string user = TestUsers.Writer, string password = TestUsers.WriterPassword)
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
}
