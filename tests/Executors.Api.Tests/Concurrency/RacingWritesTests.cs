using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Concurrency;

/// <summary>
/// What several writers do to one executor at once, on the real app over real Kestrel and the real PostgreSQL: an engine
/// reporting state while log entries (with errors) arrive, appends racing each other against the log's bound, creates
/// racing creates, conditional writes racing each other. A write that asked for no condition never fails because another
/// was in flight; only If-Match / If-None-Match may, with 412; nothing is lost or counted twice.
/// </summary>
public sealed class RacingWritesTests : IAsyncLifetime
{
    private const string Id = "RacingExecutor01";
    private const decimal T0 = 1705315800m;

    private readonly PostgresServer _postgres;
    private readonly TestCertificate _certificate = new();
    private KestrelApi? _api;

    public RacingWritesTests(PostgresServer postgres)
    {
        _postgres = postgres;
    }

    public async ValueTask InitializeAsync()
    {
        await _postgres.ResetAsync();

        // The per-user rate limit would refuse a fast stream of one user's writes; it is not what these tests measure.
        _api = new KestrelApi(_postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["RateLimiting:PermitLimit"] = "0",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task StateReportsAndErrorLogsRacing_AllSucceed_AndEveryErrorIsCountedOnce()
    {
        // Arrange: a running executor; 8 clients share 300 writes, alternating a full state report and an append of
        // one ERROR and one INFO entry.
        await StoreAsync(Running(Id));
        const int Writes = 300;
        var next = -1;
        var statuses = new ConcurrentBag<(string Kind, HttpStatusCode Status)>();
        var acknowledgedErrors = 0;

        // Act
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = WriterClient();
            for (var i = Interlocked.Increment(ref next); i < Writes; i = Interlocked.Increment(ref next))
            {
                if (i % 2 == 0)
                {
                    using var put = await client.PutAsJsonAsync($"/executors/{Id}", State(pnl: i), TestContext.Current.CancellationToken);
                    statuses.Add(("PUT", put.StatusCode));
                }
                else
                {
                    using var append = await client.PostAsJsonAsync(
                        $"/executors/{Id}/logs",
                        new { entries = new object[] { Entry(T0 + i, "ERROR", $"error {i}"), Entry(T0 + i, "INFO", $"info {i}") } },
                        TestContext.Current.CancellationToken);
                    statuses.Add(("POST logs", append.StatusCode));
                    if (append.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledgedErrors);
                    }
                }
            }
        }));

        // Assert: every write succeeded, and the record counts exactly the errors acknowledged.
        var failures = statuses.Where(answer => answer.Status != HttpStatusCode.OK).GroupBy(answer => answer).Select(group => $"{group.Key.Kind} {(int)group.Key.Status} x{group.Count()}");
        Assert.Empty(failures);
        Assert.Equal(Writes / 2, acknowledgedErrors);
        using var executor = await GetJsonAsync($"/executors/{Id}");
        Assert.Equal(acknowledgedErrors, executor.RootElement.GetProperty("error_count").GetInt32());
        using var errors = await GetJsonAsync($"/executors/{Id}/logs?level=ERROR&limit=1");
        Assert.Equal(acknowledgedErrors, errors.RootElement.GetProperty("total_count").GetInt32());
        using var all = await GetJsonAsync($"/executors/{Id}/logs?limit=1");
        Assert.Equal(2 * acknowledgedErrors, all.RootElement.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task AppendsRacing_KeepTheLogWithinItsBound_AfterEveryAppend()
    {
        // Arrange: the default bound of 1,000 entries; four appends of 1,000 at once.
        await StoreAsync(Running(Id));
        var totals = new ConcurrentBag<int>();

        // Act
        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async client =>
        {
            using var http = WriterClient();
            var entries = Enumerable.Range(0, 1000).Select(i => Entry(T0 + (client * 1000) + i, "INFO", $"c{client} e{i}")).ToArray();
            using var append = await http.PostAsJsonAsync($"/executors/{Id}/logs", new { entries }, TestContext.Current.CancellationToken);
            if (append.StatusCode == HttpStatusCode.OK)
            {
                using var body = JsonDocument.Parse(await append.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                totals.Add(body.RootElement.GetProperty("total_count").GetInt32());
            }

            return append.StatusCode;
        }));

        // Assert
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(totals, total => Assert.Equal(1000, total));
        using var logs = await GetJsonAsync($"/executors/{Id}/logs?limit=1");
        Assert.Equal(1000, logs.RootElement.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task CreatesRacing_OneCreatesTheRestReplace_NoConflict()
    {
        // Act: eight unconditional PUTs of a new executor at once.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = WriterClient();
            using var put = await client.PutAsJsonAsync($"/executors/{Id}", State(pnl: 1), TestContext.Current.CancellationToken);
            return put.StatusCode;
        }));

        // Assert
        Assert.Equal([HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.OK, 6), HttpStatusCode.Created], statuses.Order());
    }

    [Fact]
    public async Task CreateOnlyPutsRacing_OneCreates_TheRestFailTheirPrecondition()
    {
        // Act: eight create-only PUTs (If-None-Match: *) of a new executor at once.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = WriterClient();
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/executors/{Id}") { Content = JsonContent.Create(State(pnl: i)) };
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            using var put = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return put.StatusCode;
        }));

        // Assert
        Assert.Equal([HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.PreconditionFailed, 7)], statuses.Order());
    }

    [Fact]
    public async Task ConditionalPutsRacing_OnTheSameETag_OneWinsTheRestGet412()
    {
        // Arrange
        await StoreAsync(Running(Id));
        using var reader = WriterClient();
        using var current = await reader.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        var etag = current.Headers.ETag!;

        // Act: eight PUTs that each replace only that version, at once.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = WriterClient();
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/executors/{Id}") { Content = JsonContent.Create(State(pnl: 100 + i)) };
            request.Headers.IfMatch.Add(etag);
            using var put = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return put.StatusCode;
        }));

        // Assert
        Assert.Equal([HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.PreconditionFailed, 7)], statuses.Order());
    }

    private static Executor Running(string id)
    {
        var executor = new ExecutorBuilder(id).OnConnector("binance").WithStatus(ExecutorStatus.Running).Build();
        return executor;
    }

    private static Dictionary<string, object?> State(decimal pnl) => new()
    {
        ["executor_type"] = ExecutorTypes.Position,
        ["account_name"] = "master_account",
        ["connector_name"] = "binance",
        ["trading_pair"] = "BTC-USDT",
        ["status"] = "RUNNING",
        ["is_trading"] = true,
        ["net_pnl_quote"] = pnl,
        ["filled_amount_quote"] = 1000m,
    };

    private static object Entry(decimal timestamp, string level, string message) =>
        new { timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(timestamp * TimeSpan.TicksPerSecond)).ToString("O", System.Globalization.CultureInfo.InvariantCulture), level, message };

    private HttpClient WriterClient()
    {
        var client = new HttpClient { BaseAddress = _api!.HttpAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        return client;
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var client = WriterClient();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task StoreAsync(Executor executor)
    {
        await using var scope = _api!.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().AddAsync(executor, TestContext.Current.CancellationToken);
    }
}
