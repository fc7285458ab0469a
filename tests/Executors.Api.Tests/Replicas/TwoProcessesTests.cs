using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Api.Tests.LiveUpdates;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static Executors.Api.Tests.Replicas.TwoApiHosts;

namespace Executors.Api.Tests.Replicas;

/// <summary>
/// The API as two replicas on one PostgreSQL (<see cref="TwoApiHosts"/>): what one host promises holds when the
/// requests are spread over both — idempotency keys, engine leases, conditional writes, stream tickets, the change
/// feed and the cache of TERMINATED records. The racing requests go through different hosts at the same moment.
/// </summary>
public sealed class TwoProcessesTests(TwoApiHosts hosts) : IClassFixture<TwoApiHosts>, IAsyncLifetime
{
    private const int Rounds = 12;

    private const string PositionConfig =
        """{"type": "position_executor", "connector_name": "binance_perpetual", "trading_pair": "BTC-USDT", "side": "BUY", "amount": "0.01", "leverage": 10, "triple_barrier_config": {"stop_loss": "0.02", "take_profit": "0.04", "time_limit": 3600}}""";

    private static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private ApiFactory A => hosts.A;

    private ApiFactory B => hosts.B;

    public async ValueTask InitializeAsync() => await hosts.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // ---- Idempotency keys ----

    [Fact]
    public async Task Create_SameKeyThroughBothHostsAtOnce_OneExecutorAndOneAnswer_EveryRound()
    {
        // Arrange
        var body = $$"""{"executor_config": {{PositionConfig}}}""";
        var ids = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            // Act: the same request, under the same key, twice through each host at once.
            var key = $"replicas-{round}";
            var responses = await AtOnceAsync(
                (A, Create(body, key)), (B, Create(body, key)), (A, Create(body, key)), (B, Create(body, key)));

            // Assert: one created it, the three others were given its answer.
            var bodies = await BodiesAsync(responses);
            Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
            Assert.Single(bodies.Distinct(StringComparer.Ordinal));
            Assert.Equal(3, responses.Count(response => response.Headers.Contains("Idempotent-Replayed")));
            Assert.Single(responses.Select(response => response.Headers.Location?.AbsolutePath).Distinct(StringComparer.Ordinal));
            ids.Add(Field(bodies[0], "executor_id").GetString()!);
            Dispose(responses);
        }

        // Assert: one executor per key, each readable through both hosts.
        await using var db = hosts.Database.CreateDbContext();
        Assert.Equal(Rounds, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Rounds, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var id in ids)
        {
            Assert.Equal(await LiveRequests.GetExecutorAsync(A, id), await LiveRequests.GetExecutorAsync(B, id));
        }
    }

    [Fact]
    public async Task Create_SameKeyDifferentBodiesThroughBothHostsAtOnce_OneCreated_TheOther409()
    {
        // Arrange
        var one = $$"""{"controller_id": "one", "executor_config": {{PositionConfig}}}""";
        var other = $$"""{"controller_id": "other", "executor_config": {{PositionConfig}}}""";

        for (var round = 0; round < Rounds; round++)
        {
            // Act: two different requests under one key, one through each host, at once.
            var key = $"conflict-{round}";
            var responses = await AtOnceAsync((A, Create(one, key)), (B, Create(other, key)));

            // Assert: whichever came first created its executor; the other is refused as a single host refuses it.
            Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
            var refused = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Conflict);
            using var problem = await ProblemAssert.ReadAsync(refused, 409);
            Assert.Contains($"Idempotency-Key '{key}'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Dispose(responses);
        }

        await using var db = hosts.Database.CreateDbContext();
        Assert.Equal(Rounds, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_KeyUsedThroughA_RetryThroughBReplays_OtherBodyThroughB409()
    {
        // Arrange
        var body = $$"""{"executor_config": {{PositionConfig}}}""";
        using var first = await SendAsync(A, Create(body, "moved"));

        // Act: the client's retry lands on the other replica; then a changed request under the same key does.
        using var retry = await SendAsync(B, Create(body, "moved"));
        using var changed = await SendAsync(B, Create($$"""{"controller_id": "changed", "executor_config": {{PositionConfig}}}""", "moved"));

        // Assert
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var problem = await ProblemAssert.ReadAsync(changed, 409);
        Assert.Contains("Idempotency-Key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = hosts.Database.CreateDbContext();
        Assert.Equal(1, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task IdempotencyPurge_BothHostsPurgersAtOnce_EachExpiredKeyDeletedOnce_LiveKeysKept()
    {
        // Arrange: 3,000 keys past their lifetime (several batches) and 50 within it; every replica runs a purger.
        await using (var connection = new NpgsqlConnection(hosts.Database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var seed = new NpgsqlCommand(
                """
                INSERT INTO idempotent_requests (user_name, key, request_hash, answer, created_at)
                SELECT 'someone', 'old' || n, 'hash', '{}'::jsonb, now() - interval '30 hours' FROM generate_series(1, 3000) AS n
                UNION ALL
                SELECT 'someone', 'live' || n, 'hash', '{}'::jsonb, now() - interval '1 hour' FROM generate_series(1, 50) AS n
                """,
                connection);
            await seed.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var purgers = new[] { A, B }.Select(host => host.Services.GetServices<IHostedService>().OfType<IdempotentRequestPurger>().Single()).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Act: both replicas' purges run at the same moment.
        var running = purgers.Select(async purger =>
        {
            await gate.Task;
            return await purger.PurgeAsync(TestContext.Current.CancellationToken);
        }).ToArray();
        gate.SetResult();
        var purged = await Task.WhenAll(running);

        // Assert: between them they deleted each expired key once, and only those.
        Assert.NotSame(purgers[0], purgers[1]);
        Assert.Equal(3000, purged.Sum());
        await using var db = hosts.Database.CreateDbContext();
        var left = await db.Database.SqlQueryRaw<string>("SELECT key AS \"Value\" FROM idempotent_requests").ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(50, left.Count);
        Assert.All(left, key => Assert.StartsWith("live", key, StringComparison.Ordinal));
    }

    // ---- Engine leases ----

    [Fact]
    public async Task Claim_OneExecutorByTwoEnginesThroughTwoHostsAtOnce_ExactlyOneGetsIt_EveryRound()
    {
        for (var round = 0; round < Rounds; round++)
        {
            // Arrange: one waiting executor.
            var id = NewId("single");
            await A.StoreAsync(Waiting(id, 1));

            // Act: engine-a asks host A, engine-b asks host B, at the same moment.
            var responses = await AtOnceAsync(
                (A, Request(HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 5}""")),
                (B, Request(HttpMethod.Post, "/engines/engine-b/claims", """{"limit": 5}""")));

            // Assert: one lease, named in exactly one answer, and the lease record names that engine.
            var answers = await Task.WhenAll(responses.Select(ReadOkAsync));
            var holders = answers.Where(answer => Ids(answer).Contains(id)).Select(answer => answer.RootElement.GetProperty("engine_id").GetString()).ToArray();
            var holder = Assert.Single(holders);
            using var lease = JsonDocument.Parse(await LiveWrites.GetAsync(B, $"/executors/{id}/lease"));
            Assert.Equal("held", lease.RootElement.GetProperty("state").GetString());
            Assert.Equal(holder, lease.RootElement.GetProperty("engine_id").GetString());
            Dispose(responses);
        }
    }

    [Fact]
    public async Task Claim_TwoEnginesThroughTwoHostsUntilNoneLeft_EachExecutorOnce_AndEachHostListsTheOthersClaims()
    {
        // Arrange
        var stored = Enumerable.Range(0, 40).Select(i => Waiting(NewId($"many{i:00}"), i)).ToArray();
        await A.StoreAsync(stored);
        var taken = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task RunAsync(ApiFactory host, string engine)
        {
            await gate.Task;
            while (true)
            {
                using var answer = await ReadOkAsync(await SendAsync(host, Request(HttpMethod.Post, $"/engines/{engine}/claims", """{"limit": 3}""")));
                var ids = Ids(answer);
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

        // Act
        var running = new[] { RunAsync(A, "engine-a"), RunAsync(B, "engine-b") };
        gate.SetResult();
        await Task.WhenAll(running);

        // Assert: every executor leased once; what each engine was given is what the other host says it holds.
        Assert.Equal(stored.Select(executor => executor.ExecutorId).Order(StringComparer.Ordinal), taken.Keys.Order(StringComparer.Ordinal));
        Assert.All(taken, pair => Assert.Single(pair.Value));
        using var heldA = await ReadOkAsync(await SendAsync(B, Request(HttpMethod.Get, "/engines/engine-a/executors")));
        using var heldB = await ReadOkAsync(await SendAsync(A, Request(HttpMethod.Get, "/engines/engine-b/executors")));
        Assert.Equal(TakenBy(taken, "engine-a"), Ids(heldA).Order(StringComparer.Ordinal));
        Assert.Equal(TakenBy(taken, "engine-b"), Ids(heldB).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lease_ClaimedThroughA_HeartbeatAndReportThroughB_KeepIt_OtherEngineGetsNothing()
    {
        // Arrange: engine-a's lease taken through host A.
        var id = NewId("moving");
        await A.StoreAsync(Waiting(id, 1));
        using var claim = await ReadOkAsync(await SendAsync(A, Request(HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 1}""")));
        var claimedUntil = claim.RootElement.GetProperty("executors")[0].GetProperty("lease_expires_at").GetDateTimeOffset();
        await Task.Delay(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);

        // Act: its next heartbeat and its report land on host B; engine-b tries to claim through host A.
        using var heartbeat = await ReadOkAsync(await SendAsync(B, Request(HttpMethod.Post, "/engines/engine-a/heartbeat")));
        await LiveRequests.PutAsync(B, id, "RUNNING", 3m);
        using var other = await ReadOkAsync(await SendAsync(A, Request(HttpMethod.Post, "/engines/engine-b/claims", """{"limit": 5}""")));
        using var held = await ReadOkAsync(await SendAsync(A, Request(HttpMethod.Get, "/engines/engine-a/executors")));

        // Assert
        Assert.Equal([id], Ids(claim));
        Assert.Equal([id], Ids(heartbeat));
        Assert.True(heartbeat.RootElement.GetProperty("executors")[0].GetProperty("lease_expires_at").GetDateTimeOffset() > claimedUntil);
        Assert.Empty(Ids(other));
        Assert.Equal([id], Ids(held));
        Assert.Equal("RUNNING", held.RootElement.GetProperty("executors")[0].GetProperty("executor").GetProperty("status").GetString());
        Assert.Equal(3m, held.RootElement.GetProperty("executors")[0].GetProperty("executor").GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task Lease_RunOutThroughA_TakenOverThroughB_TheLateHeartbeatAndTheTakeoverAtOnce_OneHolder()
    {
        // Arrange: two replicas with one-second leases (the class's hosts keep the standard lease).
        var shortLease = new Dictionary<string, string?> { ["Engines:LeaseDuration"] = "00:00:01" };
        await using var shortA = new ApiFactory(hosts.Database.ConnectionString, shortLease);
        await using var shortB = new ApiFactory(hosts.Database.ConnectionString, shortLease);
        var ids = Enumerable.Range(0, Rounds).Select(i => NewId($"late{i:00}")).ToArray();
        await shortA.StoreAsync([.. ids.Select((id, i) => Waiting(id, i))]);
        using (await ReadOkAsync(await SendAsync(shortA, Request(HttpMethod.Post, "/engines/engine-a/claims", $$"""{"limit": {{Rounds}}}"""))))
        {
        }

        // Act: engine-a goes silent until its leases run out; then its late heartbeat (through A) and engine-b's claim
        // (through B) arrive at once.
        await Task.Delay(TimeSpan.FromMilliseconds(1500), TestContext.Current.CancellationToken);
        using var expired = await ReadOkAsync(await SendAsync(shortB, Request(HttpMethod.Get, "/engines/engine-a/executors")));
        var responses = await AtOnceAsync(
            (shortA, Request(HttpMethod.Post, "/engines/engine-a/heartbeat")),
            (shortB, Request(HttpMethod.Post, "/engines/engine-b/claims", $$"""{"limit": {{Rounds}}}""")));
        var answers = await Task.WhenAll(responses.Select(ReadOkAsync));

        // Assert: each executor has one holder — the late heartbeat kept it, or the claim took it, never both; and
        // each engine's next heartbeat (through the other host) names what it holds.
        Assert.All(expired.RootElement.GetProperty("executors").EnumerateArray(), item => Assert.True(item.GetProperty("lease_expired").GetBoolean()));
        var keptByA = Ids(answers[0]);
        var takenByB = Ids(answers[1]);
        Assert.Empty(keptByA.Intersect(takenByB, StringComparer.Ordinal));
        Assert.Equal(ids.Order(StringComparer.Ordinal), keptByA.Concat(takenByB).Order(StringComparer.Ordinal));
        using var nextA = await ReadOkAsync(await SendAsync(shortB, Request(HttpMethod.Post, "/engines/engine-a/heartbeat")));
        using var nextB = await ReadOkAsync(await SendAsync(shortA, Request(HttpMethod.Post, "/engines/engine-b/heartbeat")));
        Assert.Equal(keptByA.Order(StringComparer.Ordinal), Ids(nextA).Order(StringComparer.Ordinal));
        Assert.Equal(takenByB.Order(StringComparer.Ordinal), Ids(nextB).Order(StringComparer.Ordinal));
        Dispose(responses);
    }

    // ---- Conditional writes and stream tickets ----

    [Fact]
    public async Task Put_IfMatchTheSameVersionThroughBothHostsAtOnce_OneWins_The412()
    {
        for (var round = 0; round < Rounds; round++)
        {
            // Arrange
            var id = NewId("ifmatch");
            await LiveRequests.PutAsync(A, id, "RUNNING", 1m);
            using var current = await SendAsync(B, Request(HttpMethod.Get, $"/executors/{id}", user: TestUsers.Reader, password: TestUsers.ReaderPassword));
            var etag = current.Headers.ETag!.Tag;

            // Act: two writers that both read that version, one through each host.
            var responses = await AtOnceAsync((A, Report(id, 2m, etag)), (B, Report(id, 3m, etag)));

            // Assert: one replaced it, the other was told it changed; the record holds the winner's report.
            var winner = Assert.Single(responses, response => response.IsSuccessStatusCode);
            Assert.Single(responses, response => response.StatusCode == HttpStatusCode.PreconditionFailed);
            var expected = winner == responses[0] ? 2m : 3m;
            using var record = JsonDocument.Parse(await LiveRequests.GetExecutorAsync(A, id));
            Assert.Equal(expected, record.RootElement.GetProperty("net_pnl_quote").GetDecimal());
            Dispose(responses);
        }
    }

    [Fact]
    public async Task StreamTicket_IssuedByA_RedeemedOnceThroughEitherHost_NeverTwice()
    {
        // Arrange
        var id = NewId("ticket");
        await A.StoreAsync(Waiting(id, 1));

        for (var round = 0; round < Rounds; round++)
        {
            var (ticket, _) = await LiveRequests.IssueTicketAsync(A);

            // Act: the same ticket presented to both hosts at once.
            var streams = await Task.WhenAll(
                EventStream.OpenAsync(A, $"/events/executors/{id}?ticket={ticket}", user: null),
                EventStream.OpenAsync(B, $"/events/executors/{id}?ticket={ticket}", user: null));

            // Assert: one stream, one refusal.
            try
            {
                var opened = Assert.Single(streams, stream => stream.Response.StatusCode == HttpStatusCode.OK);
                var refused = Assert.Single(streams, stream => stream.Response.StatusCode == HttpStatusCode.Unauthorized);
                Assert.Equal(id, (await opened.NextAsync()).Json.GetProperty("executor_id").GetString());
                using var problem = await ProblemAssert.ReadAsync(refused.Response, 401);
            }
            finally
            {
                foreach (var stream in streams)
                {
                    await stream.DisposeAsync();
                }
            }
        }
    }

    // ---- The change feed ----

    [Fact]
    public async Task EventStreams_OnEachHost_HearWritesMadeThroughTheOther_BothAtOnce()
    {
        // Arrange: a stream of every executor open on each host.
        var throughA = NewId("writtenA");
        var throughB = NewId("writtenB");
        await using var onA = await EventStream.OpenOkAsync(A, "/events/executors");
        await using var onB = await EventStream.OpenOkAsync(B, "/events/executors");

        // Act: one write through each host at the same moment.
        var responses = await AtOnceAsync((A, Report(throughA, 5m)), (B, Report(throughB, 7m)));
        Assert.All(responses, response => Assert.True(response.IsSuccessStatusCode));
        var heardOnA = await UntilBothAsync(onA, throughA, throughB);
        var heardOnB = await UntilBothAsync(onB, throughA, throughB);

        // Assert: each host pushed both writes, each as GET shows it.
        Assert.Equal(5m, heardOnA[throughA].Json.GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(7m, heardOnA[throughB].Json.GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(heardOnA[throughA].Data, heardOnB[throughA].Data);
        Assert.Equal(heardOnA[throughB].Data, heardOnB[throughB].Data);
        Assert.Equal(await LiveRequests.GetExecutorAsync(B, throughA), heardOnB[throughA].Data);
        Assert.Equal(await LiveRequests.GetExecutorAsync(A, throughB), heardOnA[throughB].Data);
        Dispose(responses);
    }

    [Fact]
    public async Task EventStream_LeftOnA_ResumedOnBWithLastEventId_GetsWhatChangedWhileAway_NotWhatDidNot()
    {
        // Arrange: a client saw two executors through host A, then went away.
        var changed = NewId("away");
        var unchanged = NewId("still");
        var marker = NewId("marker");
        await LiveRequests.PutAsync(A, changed, "RUNNING", 1m);
        await LiveRequests.PutAsync(A, unchanged, "RUNNING", 1m);
        string lastId;
        await using (var first = await EventStream.OpenOkAsync(A, "/events/executors"))
        {
            await first.NextAsync();
            lastId = (await first.NextAsync()).Id!;
        }

        // Act: one of them changes through A; the client's reconnection lands on host B with the last id it saw; a
        // write to a marker executor after that closes what the resumption sent.
        await LiveRequests.PutAsync(A, changed, "RUNNING", 6m);
        await using var resumed = await EventStream.OpenOkAsync(B, "/events/executors", lastEventId: lastId);
        await LiveRequests.PutAsync(A, marker, "RUNNING", 1m);
        var sent = new List<ServerSentEvent>();
        while (true)
        {
            var next = await resumed.NextAsync();
            if (next.Json.GetProperty("executor_id").GetString() == marker)
            {
                break;
            }

            sent.Add(next);
        }

        // Assert: B's mark is A's mark (both the database's): only the change made while away is sent.
        var only = Assert.Single(sent);
        Assert.Equal(changed, only.Json.GetProperty("executor_id").GetString());
        Assert.Equal(6m, only.Json.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task EngineStream_OnB_IsToldOfAStopRequestedThroughA()
    {
        // Arrange: engine-a claimed its executor through A, runs it, and listens for stops on host B.
        var id = NewId("tostop");
        await A.StoreAsync(Waiting(id, 1));
        using (await ReadOkAsync(await SendAsync(A, Request(HttpMethod.Post, "/engines/engine-a/claims", """{"limit": 1}"""))))
        {
        }

        await LiveRequests.PutAsync(A, id, "RUNNING", 0m);
        await using var stream = await EventStream.OpenOkAsync(B, "/events/engines/engine-a", TestUsers.Writer, TestUsers.WriterPassword);

        // Act: the user's stop lands on host A.
        using var stop = await SendAsync(A, Request(HttpMethod.Post, $"/executors/{id}/stop", """{"keep_position": true}"""));
        var pushed = await stream.NextAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("stop_requested", pushed.Event);
        Assert.Equal(id, pushed.Json.GetProperty("executor_id").GetString());
        Assert.True(pushed.Json.GetProperty("keep_position").GetBoolean());
    }

    [Fact]
    public async Task WebSockets_OnEachHost_ArePushedWritesMadeThroughTheOther()
    {
        // Arrange: one executor; a subscriber on each host (a second change is pushed at most once per interval).
        var id = NewId("socket");
        await LiveRequests.PutAsync(A, id, "RUNNING", 1m);
        await using var onA = await LiveSocket.OpenAsync(A);
        await using var onB = await LiveSocket.OpenAsync(B);
        await onA.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = id, update_interval = 0.5 });
        await onB.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = id, update_interval = 0.5 });

        // Act + Assert: a write through A reaches B's subscriber (and A's); then one through B reaches A's.
        await LiveRequests.PutAsync(A, id, "RUNNING", 2m);
        Assert.Equal(2m, (await onB.ExpectAsync("executor_detail")).GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(2m, (await onA.ExpectAsync("executor_detail")).GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
        await LiveRequests.PutAsync(B, id, "RUNNING", 3m);
        Assert.Equal(3m, (await onA.ExpectAsync("executor_detail")).GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(3m, (await onB.ExpectAsync("executor_detail")).GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
    }

    // ---- The cache of TERMINATED records ----

    [Fact]
    public async Task TerminatedCache_OfB_KeepsNothingWhileRunning_AndShowsATerminalWriteMadeThroughA()
    {
        // Arrange: a running executor, read through both hosts (so a cache that kept active records would have it).
        var id = NewId("closing");
        await LiveWrites.PutAsync(A, id, LiveWrites.State(pnl: 1m));
        var runningOnB = await LiveRequests.GetExecutorAsync(B, id);
        await LiveRequests.GetExecutorAsync(A, id);
        var cacheOfB = B.Services.GetRequiredService<ITerminatedExecutorCache>();
        var keptBefore = cacheOfB.TryGet(id, out _);

        // Act: host A takes the terminal report; host B is read after it, twice.
        await LiveWrites.PutAsync(A, id, LiveWrites.State("TERMINATED", pnl: 9m, closeType: "EARLY_STOP"));
        var terminalOnA = await LiveRequests.GetExecutorAsync(A, id);
        var firstOnB = await LiveRequests.GetExecutorAsync(B, id);
        var againOnB = await LiveRequests.GetExecutorAsync(B, id);

        // Assert: B showed the running record, kept none of it, and shows the terminal version once A wrote it —
        // then keeps that (it can never change again).
        Assert.Equal("RUNNING", Field(runningOnB, "status").GetString());
        Assert.False(keptBefore);
        Assert.Equal(terminalOnA, firstOnB);
        Assert.Equal(terminalOnA, againOnB);
        Assert.Equal("TERMINATED", Field(firstOnB, "status").GetString());
        Assert.True(cacheOfB.TryGet(id, out var kept));
        Assert.Equal("TERMINATED", kept.Status);
    }

    [Fact]
    public async Task TerminatedRecord_CachedByA_AChangedTerminalReportThroughBIs409AsOnOneHost_TheSameIs200()
    {
        // Arrange: terminated through A and kept in A's cache.
        var id = NewId("final");
        var terminal = LiveWrites.State("TERMINATED", pnl: 4m, closeType: "TAKE_PROFIT");
        await LiveWrites.PutAsync(A, id, LiveWrites.State(pnl: 1m));
        await LiveWrites.PutAsync(A, id, terminal);
        var cachedOnA = await LiveRequests.GetExecutorAsync(A, id);
        Assert.True(A.Services.GetRequiredService<ITerminatedExecutorCache>().TryGet(id, out _));

        // Act: an engine repeats its terminal report through B, once as it was and once with other figures.
        using var same = await SendAsync(B, Request(HttpMethod.Put, $"/executors/{id}", terminal.ToJsonString()));
        var changedReport = LiveWrites.State("TERMINATED", pnl: 8m, closeType: "TAKE_PROFIT");
        using var changed = await SendAsync(B, Request(HttpMethod.Put, $"/executors/{id}", changedReport.ToJsonString()));

        // Assert: the record is final on every host, so what A keeps is still what the database holds.
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(changed, 409);
        Assert.Contains("final", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(cachedOnA, await LiveRequests.GetExecutorAsync(B, id));
        Assert.Equal(cachedOnA, await LiveRequests.GetExecutorAsync(A, id));
        Assert.Equal(4m, Field(cachedOnA, "net_pnl_quote").GetDecimal());
    }

    private static Executor Waiting(string id, int minutes) =>
        new ExecutorBuilder(id).OfType(ExecutorTypes.Twap).ForAccount("master_account").OnConnector("binance").ForPair("BTC-USDT").CreatedAt(Start.AddMinutes(minutes)).Build();

    private static HttpRequestMessage Create(string body, string key)
    {
        var request = Request(HttpMethod.Post, "/executors/", body);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage Report(string id, decimal pnl, string? ifMatch = null, string status = "RUNNING")
    {
        var body = $$"""
            {"executor_type": "twap_executor", "account_name": "master_account", "connector_name": "binance", "trading_pair": "BTC-USDT",
             "status": "{{status}}", "net_pnl_quote": {{pnl.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "created_at": "2024-01-15T10:00:00Z"}
            """;
        var request = Request(HttpMethod.Put, $"/executors/{id}", body);
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(ApiFactory host, HttpRequestMessage request)
    {
        using (request)
        {
            using var client = host.CreateClient();
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonDocument> ReadOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    /// <summary>One top-level field of a JSON body (a copy that outlives the parsed document).</summary>
    private static JsonElement Field(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).Clone();
    }

    private static Task<string[]> BodiesAsync(HttpResponseMessage[] responses) =>
        Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));

    private static string[] Ids(JsonDocument answer) =>
        [.. answer.RootElement.GetProperty("executors").EnumerateArray().Select(item => item.GetProperty("executor").GetProperty("executor_id").GetString()!)];

    private static IEnumerable<string> TakenBy(ConcurrentDictionary<string, ConcurrentBag<string>> taken, string engine) =>
        taken.Where(pair => pair.Value.Contains(engine)).Select(pair => pair.Key).Order(StringComparer.Ordinal);

    /// <summary>Reads a stream until it has pushed both executors, and returns the last event of each.</summary>
    private static async Task<Dictionary<string, ServerSentEvent>> UntilBothAsync(EventStream stream, string first, string second)
    {
        var seen = new Dictionary<string, ServerSentEvent>(StringComparer.Ordinal);
        while (!seen.ContainsKey(first) || !seen.ContainsKey(second))
        {
            var next = await stream.NextAsync();
            if (next.Event != "executor")
            {
                continue;
            }

            seen[next.Json.GetProperty("executor_id").GetString()!] = next;
        }

        return seen;
    }

    private static void Dispose(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
