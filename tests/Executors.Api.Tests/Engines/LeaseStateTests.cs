using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Engines;

/// <summary>
/// The lease state shown to users: GET /executors/{executor_id}/lease (unclaimed, held, expired once the engine stops
/// heartbeating for Engines:LeaseDuration) and GET /engines (which engines hold active executors, and how many of their
/// leases ran out), both within the caller's accounts.
/// </summary>
public sealed class LeaseStateTests(SharedApi shared) : SharedApiTest(shared)
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lease_HeldWhileTheEngineReports_ExpiredAfterTheLeaseTime_AndEnginesCountsIt()
    {
        // Arrange: two-second leases, on a host of the test's own (same database).
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["Engines:LeaseDuration"] = "00:00:02" });
        await StoreAsync(Waiting("w1", 1), Waiting("w2", 2), Waiting("never", 3));
        var before = DateTimeOffset.UtcNow;
        using (await ReadAsync(await SendAsync(api, HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 2}""")))
        {
        }

        // Act
        using var held = await ReadAsync(await SendAsync(api, HttpMethod.Get, "/executors/w1/lease", user: TestUsers.Reader, password: TestUsers.ReaderPassword));
        using var enginesHeld = await ReadAsync(await SendAsync(api, HttpMethod.Get, "/engines", user: TestUsers.Reader, password: TestUsers.ReaderPassword));
        await Task.Delay(TimeSpan.FromMilliseconds(2500), TestContext.Current.CancellationToken);
        using var expired = await ReadAsync(await SendAsync(api, HttpMethod.Get, "/executors/w1/lease", user: TestUsers.Reader, password: TestUsers.ReaderPassword));
        using var enginesExpired = await ReadAsync(await SendAsync(api, HttpMethod.Get, "/engines", user: TestUsers.Reader, password: TestUsers.ReaderPassword));
        using var unclaimed = await ReadAsync(await SendAsync(api, HttpMethod.Get, "/executors/never/lease", user: TestUsers.Reader, password: TestUsers.ReaderPassword));

        // Assert: held by engine-a, for the configured two seconds…
        Assert.Equal("w1", held.RootElement.GetProperty("executor_id").GetString());
        Assert.Equal("held", held.RootElement.GetProperty("state").GetString());
        Assert.Equal("engine-a", held.RootElement.GetProperty("engine_id").GetString());
        var claimedAt = held.RootElement.GetProperty("claimed_at").GetDateTimeOffset();
        var expiresAt = held.RootElement.GetProperty("lease_expires_at").GetDateTimeOffset();
        Assert.InRange(claimedAt, before.AddSeconds(-5), DateTimeOffset.UtcNow);
        Assert.Equal(TimeSpan.FromSeconds(2), expiresAt - claimedAt);
        var engine = Assert.Single(enginesHeld.RootElement.EnumerateArray());
        Assert.Equal("engine-a", engine.GetProperty("engine_id").GetString());
        Assert.Equal(2, engine.GetProperty("executors").GetInt32());
        Assert.Equal(0, engine.GetProperty("expired_executors").GetInt32());
        Assert.Equal(expiresAt, engine.GetProperty("lease_expires_at").GetDateTimeOffset());

        // …expired once it stopped heartbeating, the same lease shown; never claimed: unclaimed, no lease.
        Assert.Equal("expired", expired.RootElement.GetProperty("state").GetString());
        Assert.Equal("engine-a", expired.RootElement.GetProperty("engine_id").GetString());
        Assert.Equal(expiresAt, expired.RootElement.GetProperty("lease_expires_at").GetDateTimeOffset());
        engine = Assert.Single(enginesExpired.RootElement.EnumerateArray());
        Assert.Equal(2, engine.GetProperty("executors").GetInt32());
        Assert.Equal(2, engine.GetProperty("expired_executors").GetInt32());
        Assert.Equal("unclaimed", unclaimed.RootElement.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, unclaimed.RootElement.GetProperty("engine_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, unclaimed.RootElement.GetProperty("claimed_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, unclaimed.RootElement.GetProperty("lease_expires_at").ValueKind);
    }

    [Fact]
    public async Task Lease_AnotherAccountsExecutor_404AsGetExecutor_AndEnginesCountsOnlyTheCallersAccounts()
    {
        // Arrange: one engine holds alice's executor and another account's.
        await StoreAsync(Waiting("mine", 1, "alice_main"), Waiting("theirs", 2));
        using (await ReadAsync(await SendAsync(Api, HttpMethod.Post, "/engines/engine-x/claims", """{"limit": 10}""")))
        {
        }

        // Act
        using var lease = await SendAsync(Api, HttpMethod.Get, "/executors/theirs/lease", user: TestUsers.Alice, password: TestUsers.AlicePassword);
        using var executor = await SendAsync(Api, HttpMethod.Get, "/executors/theirs", user: TestUsers.Alice, password: TestUsers.AlicePassword);
        using var unknown = await SendAsync(Api, HttpMethod.Get, "/executors/nobody/lease", user: TestUsers.Alice, password: TestUsers.AlicePassword);
        using var own = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/executors/mine/lease", user: TestUsers.Alice, password: TestUsers.AlicePassword));
        using var engines = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/engines", user: TestUsers.Alice, password: TestUsers.AlicePassword));

        // Assert: the same 404 as GET /executors/{executor_id} (and as an unknown id); only alice's executor counted.
        using var leaseProblem = await ProblemAssert.ReadAsync(lease, 404);
        using var executorProblem = await ProblemAssert.ReadAsync(executor, 404);
        using var unknownProblem = await ProblemAssert.ReadAsync(unknown, 404);
        Assert.Equal(executorProblem.RootElement.GetProperty("detail").GetString(), leaseProblem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("Executor 'nobody' was not found.", unknownProblem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("held", own.RootElement.GetProperty("state").GetString());
        var engine = Assert.Single(engines.RootElement.EnumerateArray());
        Assert.Equal("engine-x", engine.GetProperty("engine_id").GetString());
        Assert.Equal(1, engine.GetProperty("executors").GetInt32());
    }

    [Fact]
    public async Task Lease_OfATerminatedExecutor_IsUnclaimed_ShowsItsLastEngine_AndNoLongerCountsForTheEngine()
    {
        // Arrange: claimed, then stopped before it started (closed at once).
        await StoreAsync(Waiting("closed", 1), Waiting("open", 2));
        using (await ReadAsync(await SendAsync(Api, HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 10}""")))
        {
        }

        using (await ReadAsync(await SendAsync(Api, HttpMethod.Post, "/executors/closed/stop", "{}")))
        {
        }

        // Act
        using var lease = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/executors/closed/lease"));
        using var engines = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/engines"));

        // Assert
        Assert.Equal("unclaimed", lease.RootElement.GetProperty("state").GetString());
        Assert.Equal("engine-a", lease.RootElement.GetProperty("engine_id").GetString());
        var engine = Assert.Single(engines.RootElement.EnumerateArray());
        Assert.Equal(1, engine.GetProperty("executors").GetInt32());
    }

    [Fact]
    public async Task Engines_NoEngineHoldsAnything_EmptyList_AndAnonymousIsRefused()
    {
        // Act
        using var engines = await ReadAsync(await SendAsync(Api, HttpMethod.Get, "/engines", user: TestUsers.Reader, password: TestUsers.ReaderPassword));
        using var client = Api.CreateClient();
        using var anonymous = await client.GetAsync("/engines", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(JsonValueKind.Array, engines.RootElement.ValueKind);
        Assert.Empty(engines.RootElement.EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Executor Waiting(string id, int minutes, string account = "master_account") =>
        new ExecutorBuilder(id).OfType(ExecutorTypes.Twap).ForAccount(account).OnConnector("binance").ForPair("BTC-USDT").CreatedAt(Start.AddMinutes(minutes)).Build();

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body);
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
