using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.LiveUpdates;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Replicas;

/// <summary>
/// Reads from a real hot standby (<see cref="ReplicatedPostgres"/>: a primary and a <c>pg_basebackup -R</c> standby
/// streaming from it), writes to the primary, and read-your-writes by WAL position. Replay paused on the standby makes
/// "which server answered" visible: the standby still shows the old version.
/// </summary>
public sealed class StandbyReadsTests
{
    private const string LsnHeader = "X-Executors-Lsn";

    [Fact]
    public async Task ReplayPaused_OtherUserReadsStandby_WriterAndLsnPresenterReadTheirWrite()
    {
        // Arrange: an executor at pnl 1 everywhere, then the standby's replay held.
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await ReplicatedPostgres.StartAsync(ct);
        await using var api = new ApiFactory(servers.PrimaryConnectionString, Settings(servers, TimeSpan.FromMilliseconds(100)));
        using var reads = new ReadRecorder(api.Services);
        using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
        using var reader = Client(api, TestUsers.Reader, TestUsers.ReaderPassword);
        const string id = "ReplicaExecutor_1";
        await PutAsync(writer, id, 1m, ct);
        await servers.WaitForReplayAsync(ct);
        Assert.Equal(1m, await PnlAsync(reader, id, lsn: null, ct));
        await servers.PauseReplayAsync(ct);

        // Act
        var lsn = await PutAsync(writer, id, 2m, ct);
        var otherUser = await PnlAsync(reader, id, lsn: null, ct);
        var otherUserSearch = await SearchPnlAsync(reader, id, lsn: null, ct);
        var writerOwn = await PnlAsync(writer, id, lsn: null, ct);
        var presented = await PnlAsync(reader, id, lsn, ct);
        var presentedSearch = await SearchPnlAsync(reader, id, lsn, ct);

        // Assert: the other user's reads came from the standby (the old version: proof of where they went); the
        // writer's own read (same process, no header) and any read presenting the position saw the write.
        Assert.Matches("^[0-9A-F]{1,8}/[0-9A-F]{1,8}$", lsn);
        Assert.Equal(1m, otherUser);
        Assert.Equal(1m, otherUserSearch);
        Assert.Equal(2m, writerOwn);
        Assert.Equal(2m, presented);
        Assert.Equal(2m, presentedSearch);
        Assert.True(reads.Fallbacks >= 3, $"three reads waited for the paused standby in vain (fallbacks: {reads.Fallbacks})");
        Assert.True(reads.Standby >= 3, $"reads without a position went to the standby (standby reads: {reads.Standby})");
    }

    [Fact]
    public async Task StandbyStopped_ReadsAnswer200FromThePrimary()
    {
        // Arrange: reads served by the standby, then the standby crashes.
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await ReplicatedPostgres.StartAsync(ct);
        await using var api = new ApiFactory(servers.PrimaryConnectionString, Settings(servers, TimeSpan.FromMilliseconds(100)));
        using var reads = new ReadRecorder(api.Services);
        using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
        using var reader = Client(api, TestUsers.Reader, TestUsers.ReaderPassword);
        const string id = "ReplicaExecutor_2";
        await PutAsync(writer, id, 1m, ct);
        await servers.WaitForReplayAsync(ct);
        Assert.Equal(1m, await PnlAsync(reader, id, lsn: null, ct));
        Assert.True(reads.Standby >= 1, "the read before the stop should have been the standby's");
        var primaryBefore = reads.Primary;

        await servers.StopStandbyAsync();

        // Act: every read route, then a write and the reader's view of it.
        var statuses = new List<(string Endpoint, HttpStatusCode Status)>();
        foreach (var endpoint in DataEndpoints.Reads.Select(row => row.Data))
        {
            using var request = DataEndpoints.Request(endpoint, id);
            request.Headers.Authorization = reader.DefaultRequestHeaders.Authorization;
            using var response = await reader.SendAsync(request, ct);
            statuses.Add((endpoint, response.StatusCode));
        }

        await PutAsync(writer, id, 3m, ct);
        var after = await PnlAsync(reader, id, lsn: null, ct);

        // Assert
        Assert.All(statuses, status => Assert.True(status.Status == HttpStatusCode.OK, $"{status.Endpoint}: {status.Status}"));
        Assert.Equal(3m, after);
        Assert.True(reads.Primary - primaryBefore >= statuses.Count, $"the reads went to the primary (primary reads: {reads.Primary - primaryBefore})");
    }

    [Fact]
    public async Task PrimaryStopped_ReadyIsDegradedAndReadsAnswer_WritesAre503_BothStoppedIsNotReady()
    {
        // Arrange: an executor replayed on the standby, then the primary crashes (no promotion yet).
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await ReplicatedPostgres.StartAsync(ct);
        await using var api = new ApiFactory(servers.PrimaryConnectionString, Settings(servers, TimeSpan.FromMilliseconds(100)));
        using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
        using var reader = Client(api, TestUsers.Reader, TestUsers.ReaderPassword);
        using var probe = api.CreateClient();
        const string id = "ReplicaExecutor_4";
        await PutAsync(writer, id, 1m, ct);
        await servers.WaitForReplayAsync(ct);
        using (var before = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative), ct))
        {
            Assert.Equal("Healthy", await before.Content.ReadAsStringAsync(ct));
        }

        await servers.StopPrimaryAsync();

        // Act
        using var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
        var readyBody = await ready.Content.ReadAsStringAsync(ct);
        var read = await PnlAsync(reader, id, lsn: null, ct);
        using var content = new StringContent(DataEndpoints.RunningState(2m), Encoding.UTF8, "application/json");
        using var write = await writer.PutAsync(new Uri($"/executors/{id}", UriKind.Relative), content, ct);
        var writeBody = await write.Content.ReadAsStringAsync(ct);
        await servers.StopStandbyAsync();
        using var neither = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);

        // Assert: the replica stays in the balancer's rotation for reads (200, Degraded) and refuses writes with a
        // retryable 503; with no server at all it is not ready.
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", readyBody);
        Assert.Equal(1m, read);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.Contains("application/problem+json", write.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", writeBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, neither.StatusCode);
    }

    [Fact]
    public async Task MultiHostPrimaryString_WritesAndChangeFeedOnThePrimary_WhileReadsOnTheStandby()
    {
        // Arrange: ConnectionStrings:Executors names the standby first; the API must still write and LISTEN on the primary.
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await ReplicatedPostgres.StartAsync(ct);
        await using var api = new ApiFactory(servers.BothHostsConnectionString, Settings(servers, TimeSpan.FromMilliseconds(100)));
        using var reads = new ReadRecorder(api.Services);
        using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
        using var reader = Client(api, TestUsers.Reader, TestUsers.ReaderPassword);
        var feed = api.Services.GetRequiredService<IExecutorChangeFeed>();
        using var listening = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await feed.WaitUntilListeningAsync(listening.Token);
        var heard = new TaskCompletionSource<ExecutorChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        const string id = "ReplicaExecutor_3";
        using var subscription = feed.Subscribe(change =>
        {
            if (change.ExecutorId == id)
            {
                heard.TrySetResult(change);
            }
        });

        // Act
        await PutAsync(writer, id, 1m, ct);
        var change = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await servers.WaitForReplayAsync(ct);
        var read = await PnlAsync(reader, id, lsn: null, ct);

        // Assert: the write reached the primary, its NOTIFY was heard, and the reader's read was the standby's.
        Assert.Equal(id, change.ExecutorId);
        Assert.Equal(1m, read);
        Assert.True(reads.Standby >= 1, $"the reader's read should have gone to the standby (standby reads: {reads.Standby})");
    }

    [Fact]
    public async Task WriterPutThenGet_RacingAgainstALaggingStandby_NeverSeesAnOlderVersion()
    {
        // Arrange: a standby that always applies commits 40 ms late — an immediate read from it would be stale.
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await ReplicatedPostgres.StartAsync(ct, applyDelay: TimeSpan.FromMilliseconds(40));
        await using var api = new ApiFactory(servers.PrimaryConnectionString, Settings(servers, TimeSpan.FromMilliseconds(200)));
        using var reads = new ReadRecorder(api.Services);
        using var reader = Client(api, TestUsers.Reader, TestUsers.ReaderPassword);
        const int Writers = 4;
        const int Rounds = 12;
        var stale = new ConcurrentQueue<string>();

        // Act: writers (one user, as Hummingbot's engine is) each PUT and at once GET their executor, while a reader
        // keeps reading from the standby.
        using var stopReader = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var background = Task.Run(async () =>
        {
            while (!stopReader.IsCancellationRequested)
            {
                try
                {
                    using var response = await reader.GetAsync(new Uri("/executors/ReplicaRace_0", UriKind.Relative), stopReader.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, ct);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
            var id = $"ReplicaRace_{w}";
            for (var round = 1; round <= Rounds; round++)
            {
                await PutAsync(writer, id, round, ct);
                var seen = await PnlAsync(writer, id, lsn: null, ct);
                if (seen != round)
                {
                    stale.Enqueue($"{id}: wrote {round}, read {seen}");
                }
            }
        }, ct)));
        await stopReader.CancelAsync();
        await background;

        // Assert: never older; and the standby did serve reads that had to wait for it (not the primary throughout).
        Assert.Empty(stale);
        Assert.True(reads.Standby > 0, $"some reads should have been the standby's (standby {reads.Standby}, primary {reads.Primary})");
    }

    private static Dictionary<string, string?> Settings(ReplicatedPostgres servers, TimeSpan wait) => new()
    {
        ["ConnectionStrings:ExecutorsRead"] = servers.ReadConnectionString,
        ["Database:ReplicaWait"] = wait.ToString("c", CultureInfo.InvariantCulture),
        // Many requests in a short time; the per-user rate limit is not what these tests measure.
        ["RateLimiting:PermitLimit"] = "0",
    };

    private static HttpClient Client(ApiFactory api, string user, string password)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }

    /// <summary>PUTs a RUNNING executor at <paramref name="pnl"/>; returns the answer's X-Executors-Lsn.</summary>
    private static async Task<string> PutAsync(HttpClient writer, string id, decimal pnl, CancellationToken ct)
    {
        using var content = new StringContent(DataEndpoints.RunningState(pnl), Encoding.UTF8, "application/json");
        using var response = await writer.PutAsync(new Uri($"/executors/{id}", UriKind.Relative), content, ct);
        Assert.True(response.IsSuccessStatusCode, $"PUT {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return Assert.Single(response.Headers.GetValues(LsnHeader));
    }

    private static async Task<decimal> PnlAsync(HttpClient client, string id, string? lsn, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{id}");
        if (lsn is not null)
        {
            request.Headers.Add(LsnHeader, lsn);
        }

        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {id}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("net_pnl_quote").GetDecimal();
    }

    private static async Task<decimal> SearchPnlAsync(HttpClient client, string id, string? lsn, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/executors/search")
        {
            Content = new StringContent("""{"status": "RUNNING", "limit": 100}""", Encoding.UTF8, "application/json"),
        };
        if (lsn is not null)
        {
            request.Headers.Add(LsnHeader, lsn);
        }

        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"search: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var match = json.RootElement.GetProperty("data").EnumerateArray().Single(row => row.GetProperty("executor_id").GetString() == id);
        return match.GetProperty("net_pnl_quote").GetDecimal();
    }

    /// <summary>The replica-read counters of one API host, by target.</summary>
    private sealed class ReadRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _standby;
        private long _primary;
        private long _fallbacks;

        public ReadRecorder(IServiceProvider services)
        {
            var scope = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name.StartsWith("executors.db.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "executors.db.read_your_writes.fallbacks")
                {
                    Interlocked.Add(ref _fallbacks, value);
                    return;
                }

                foreach (var tag in tags)
                {
                    if (tag.Key == "target")
                    {
                        Interlocked.Add(ref (tag.Value as string == "standby" ? ref _standby : ref _primary), value);
                    }
                }
            });
            _listener.Start();
        }

        public long Standby => Interlocked.Read(ref _standby);

        public long Primary => Interlocked.Read(ref _primary);

        public long Fallbacks => Interlocked.Read(ref _fallbacks);

        public void Dispose() => _listener.Dispose();
    }
}
