using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Resilience;

/// <summary>
/// The real PostgreSQL stopped and started again under the API (a server of the test's own, never the shared one):
/// the API answers only 200 or 503 meanwhile and recovers by itself, without a restart.
/// </summary>
public sealed class PostgresRestartTests
{
    // The stream is far faster than the per-user rate limit allows; that limit is not what these tests measure.
    private static readonly Dictionary<string, string?> Unthrottled = new() { ["RateLimiting:PermitLimit"] = "0" };

    private const int Executors = 8;
    private const int Workers = 4;

    /// <summary>The bound for recovery, from the moment the server accepts connections again.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Restart_StaleConnectionsInThePool_FirstReadAnd_LaterWritesSucceed()
    {
        // Arrange: several pooled connections, all of which the restart kills.
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RestartablePostgres.StartAsync(ct);
        await using var api = new ApiFactory(server.ConnectionString, Unthrottled);
        using var client = api.CreateClient();
        await SeedAsync(client, ct);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var response = await client.SendAsync(DataEndpoints.Request(DataEndpoints.GetExecutor, Id(i % Executors)), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));
        Assert.True(await server.CountSessionsAsync(ct) >= 2, "the pool should hold several connections");

        await server.StopAsync();
        await server.StartAgainAsync(ct);

        // Act: the first read meets a dead pooled connection; then writes, which are never retried.
        using var read = await client.SendAsync(DataEndpoints.Request(DataEndpoints.GetExecutor, Id(0)), ct);
        var writes = new List<HttpStatusCode>();
        for (var i = 0; i < Executors; i++)
        {
            using var request = DataEndpoints.Request(DataEndpoints.PutExecutor, Id(i));
            request.Content = new StringContent(DataEndpoints.RunningState(pnl: 2m), System.Text.Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request, ct);
            writes.Add(response.StatusCode);
        }

        // Assert: the read's one retry absorbed a dead connection, and the pool was cleared then (Npgsql does it when a
        // connection breaks): no write, never retried, met another dead one.
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.All(writes, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Stream_PostgresStoppedMidStreamAndStartedAgain_Only200And503_And200sAgainWithin5s()
    {
        // Arrange: bounded — the test fails rather than hangs.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var server = await RestartablePostgres.StartAsync(ct);
        await using var api = new ApiFactory(server.ConnectionString, Unthrottled);
        using var client = api.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(15);
        await SeedAsync(client, ct);

        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentQueue<Outcome>();
        using var stopStream = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => StreamAsync(client, w, clock, outcomes, stopStream.Token), ct)).ToArray();

        // Act: a steady stream, the server stopped under it, kept down a few seconds, started again.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var stoppingAt = clock.Elapsed;
        await server.StopAsync();
        var downAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        await server.StartAgainAsync(ct);
        var upAt = clock.Elapsed;

        // Until a good run of 200s has followed the restart, or well past the bound.
        while (clock.Elapsed - upAt < RecoveryBound * 3)
        {
            var afterUp = outcomes.Where(o => o.SentAt > upAt).OrderBy(o => o.DoneAt).ToList();
            if (afterUp.Count >= 40 && afterUp.TakeLast(40).All(o => o.Status == 200))
            {
                break;
            }

            await Task.Delay(100, ct);
        }

        await stopStream.CancelAsync();
        await Task.WhenAll(workers);

        // Assert
        var all = outcomes.OrderBy(o => o.DoneAt).ToList();
        var statuses = all.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", statuses.Select(pair => $"{pair.Key}: {pair.Value}")) +
            $"; stop {stoppingAt}-{downAt}, up {upAt}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(all.All(o => o.Status is 200 or 503), "only 200 and 503 — " + summary + "; others: " +
            string.Join(" | ", all.Where(o => o.Status is not (200 or 503)).Take(3).Select(o => $"{o.Status} {o.Body}")));
        Assert.All(all.Where(o => o.DoneAt < stoppingAt), o => Assert.Equal(200, o.Status));
        Assert.Contains(all, o => o.Status == 503 && o.SentAt > downAt && o.DoneAt < upAt);
        Assert.All(all.Where(o => o.Status == 503), o =>
        {
            Assert.Equal(TimeSpan.FromSeconds(5), o.RetryAfter);
            Assert.Equal("application/problem+json", o.MediaType);
            Assert.Contains("\"status\":503", o.Body, StringComparison.Ordinal);
        });

        // Steady again: the first 200 after which nothing but 200s came, within the bound of the server being up.
        var lastFailure = all.Where(o => o.Status != 200).Select(o => o.DoneAt).DefaultIfEmpty(TimeSpan.Zero).Max();
        var steady = all.FirstOrDefault(o => o.Status == 200 && o.SentAt >= lastFailure && o.DoneAt > upAt)
            ?? throw new Xunit.Sdk.XunitException("no steady 200s after the restart — " + summary);
        TestContext.Current.TestOutputHelper?.WriteLine($"steady 200s from {steady.DoneAt} ({steady.DoneAt - upAt} after up)");
        Assert.True(steady.DoneAt - upAt < RecoveryBound, $"200s again {steady.DoneAt - upAt} after the server was up — {summary}");
        Assert.True(all.Count(o => o.SentAt >= steady.SentAt) >= 40, summary);
    }

    private static async Task StreamAsync(HttpClient client, int worker, Stopwatch clock, ConcurrentQueue<Outcome> outcomes, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            // Mostly single RUNNING executors (never served from the TERMINATED cache, so every one needs the database),
            // and a search now and then.
            var endpoint = i % 5 == 4 ? DataEndpoints.Search : DataEndpoints.GetExecutor;
            using var request = DataEndpoints.Request(endpoint, Id((worker + i) % Executors));
            var sentAt = clock.Elapsed;
            try
            {
                using var response = await client.SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                outcomes.Enqueue(new Outcome(
                    sentAt, clock.Elapsed, (int)response.StatusCode, response.Headers.RetryAfter?.Delta,
                    response.Content.Headers.ContentType?.MediaType, body));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // No answer at all (a hang past the client's timeout, a dropped connection): status 0, which fails the test.
                outcomes.Enqueue(new Outcome(sentAt, clock.Elapsed, 0, null, null, exception.GetType().Name));
            }
        }
    }

    private static async Task SeedAsync(HttpClient client, CancellationToken ct)
    {
        for (var i = 0; i < Executors; i++)
        {
            using var response = await client.SendAsync(DataEndpoints.Request(DataEndpoints.PutExecutor, Id(i)), ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static string Id(int i) => $"OutageExecutor_{i}";

    private sealed record Outcome(TimeSpan SentAt, TimeSpan DoneAt, int Status, TimeSpan? RetryAfter, string? MediaType, string Body);
}
