using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Executors.ClusterDrill;

/// <summary>
/// One sent request: when it was answered (Unix ms), whether it wrote, its status (0: no answer, then
/// <see cref="NoAnswer"/> says why), and more.
/// </summary>
internal readonly record struct Sample(long AnsweredAtMs, bool Write, int Status, bool RetryAfter, string? Server, double Milliseconds, string? NoAnswer = null);

/// <summary>What the drill saw: every request, and the acknowledged writes with what the service stored at the end.</summary>
internal sealed record DrillRecording(
    IReadOnlyList<Sample> Samples,
    int Executors,
    int AcknowledgedWrites,
    IReadOnlyList<string> LostWrites,
    IReadOnlyList<string> Unverified);

/// <summary>
/// The load: every user creates its executors, then a reader loop GETs them and a writer loop PUTs a new
/// <c>net_pnl_quote</c> (a number unique to the run) to one of them, each pausing a little between requests, until the
/// script says stop. A write answered 2xx is acknowledged: its version (the ETag) and value are kept, and at the end
/// every executor must hold its newest acknowledged write or a later one (a write that failed may have landed too).
/// </summary>
internal sealed class DrillRun(DrillOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly ConcurrentDictionary<string, (long Version, decimal Pnl)> _acknowledged = new(StringComparer.Ordinal);
    private long _nextPnl;
    private int _acknowledgedWrites;

    public async Task<DrillRecording> RunAsync(CancellationToken cancellationToken)
    {
        var clients = Enumerable.Range(0, options.Users).Select(Client).ToArray();
        try
        {
            var executors = await SetUpAsync(clients, cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(options.MaxDuration);
            var loops = new List<Task>();
            for (var user = 0; user < options.Users; user++)
            {
                loops.Add(ReadLoopAsync(clients[user], executors[user], user, stop.Token));
                loops.Add(WriteLoopAsync(clients[user], executors[user], user, stop.Token));
            }

            while (!stop.IsCancellationRequested && !File.Exists(options.UntilFile))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }

            await stop.CancelAsync();
            await Task.WhenAll(loops);

            var (lost, unverified) = await VerifyAsync(clients, executors);
            return new DrillRecording(
                [.. _samples.OrderBy(sample => sample.AnsweredAtMs)],
                executors.Sum(list => list.Length),
                _acknowledgedWrites,
                lost,
                unverified);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private HttpClient Client(int user)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = options.Api,
            Timeout = options.RequestTimeout,
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DrillOptions.UserName(user)}:{options.Password}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }

    /// <summary>Each user's executors, created by PUT (retried for up to a minute: the stack may still be settling).</summary>
    private async Task<string[][]> SetUpAsync(HttpClient[] clients, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var executors = new string[options.Users][];
        var deadline = Stopwatch.StartNew();
        for (var user = 0; user < options.Users; user++)
        {
            executors[user] = [.. Enumerable.Range(0, options.ExecutorsPerUser).Select(n => $"Drill{run}u{user}n{n}")];
            foreach (var id in executors[user])
            {
                while (true)
                {
                    using var request = Put(id, NextPnl());
                    try
                    {
                        using var response = await clients[user].SendAsync(request, cancellationToken);
                        if (response.IsSuccessStatusCode)
                        {
                            break;
                        }

                        if (deadline.Elapsed > TimeSpan.FromMinutes(1))
                        {
                            throw new DrillSetupException($"PUT /executors/{id} as {DrillOptions.UserName(user)} answered {(int)response.StatusCode}.");
                        }
                    }
                    catch (HttpRequestException failure) when (deadline.Elapsed <= TimeSpan.FromMinutes(1))
                    {
                        _ = failure;
                    }
                    catch (HttpRequestException failure)
                    {
                        throw new DrillSetupException($"PUT /executors/{id} failed: {failure.Message}");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                }
            }
        }

        return executors;
    }

    private async Task ReadLoopAsync(HttpClient client, string[] ids, int user, CancellationToken stop)
    {
        var random = new Random(user);
        while (!stop.IsCancellationRequested)
        {
            var id = ids[random.Next(ids.Length)];
            await SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, $"/executors/{id}"), write: false, id, pnl: null);
            await PauseAsync(stop);
        }
    }

    private async Task WriteLoopAsync(HttpClient client, string[] ids, int user, CancellationToken stop)
    {
        var random = new Random(1000 + user);
        while (!stop.IsCancellationRequested)
        {
            var id = ids[random.Next(ids.Length)];
            var pnl = NextPnl();
            await SendAsync(client, () => Put(id, pnl), write: true, id, pnl);
            await PauseAsync(stop);
        }
    }

    /// <summary>Sends one request to its end (a stop never cuts a request short: its answer must be counted).</summary>
    private async Task SendAsync(HttpClient client, Func<HttpRequestMessage> build, bool write, string id, decimal? pnl)
    {
        using var request = build();
        var watch = Stopwatch.StartNew();
        int status;
        var retryAfter = false;
        string? server = null;
        string? noAnswer = null;
        try
        {
            using var response = await client.SendAsync(request, CancellationToken.None);
            await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
            status = (int)response.StatusCode;
            retryAfter = response.Headers.RetryAfter is not null;
            server = response.Headers.TryGetValues("X-Served-By", out var values) ? values.FirstOrDefault() : null;
            if (write && response.IsSuccessStatusCode && pnl is { } value)
            {
                Acknowledge(id, Version(response.Headers.ETag?.Tag), value);
            }
        }
        catch (HttpRequestException failure)
        {
            status = 0;
            noAnswer = failure.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "connection refused or reset",
                HttpRequestError.ResponseEnded => "connection closed mid-answer",
                var other => other.ToString(),
            };
        }
        catch (TaskCanceledException)
        {
            status = 0;
            noAnswer = $"timed out after {options.RequestTimeout.TotalSeconds:0} s"; // the request's own timeout
        }

        _samples.Enqueue(new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), write, status, retryAfter, server, watch.Elapsed.TotalMilliseconds, noAnswer));
    }

    private void Acknowledge(string id, long version, decimal pnl)
    {
        Interlocked.Increment(ref _acknowledgedWrites);
        _acknowledged.AddOrUpdate(id, (version, pnl), (_, current) => version > current.Version ? (version, pnl) : current);
    }

    /// <summary>
    /// Every executor's stored version and value against its newest acknowledged write: an older version, or the same
    /// version with another value, is a lost write. An executor that cannot be read within a minute is unverified.
    /// </summary>
    private async Task<(List<string> Lost, List<string> Unverified)> VerifyAsync(HttpClient[] clients, string[][] executors)
    {
        var lost = new List<string>();
        var unverified = new List<string>();
        for (var user = 0; user < options.Users; user++)
        {
            foreach (var id in executors[user])
            {
                if (!_acknowledged.TryGetValue(id, out var expected))
                {
                    continue;
                }

                var stored = await ReadStoredAsync(clients[user], id);
                if (stored is not { } found)
                {
                    unverified.Add(id);
                }
                else if (found.Version < expected.Version || (found.Version == expected.Version && found.Pnl != expected.Pnl))
                {
                    lost.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{id}: stored version {found.Version} (net_pnl_quote {found.Pnl}), acknowledged version {expected.Version} ({expected.Pnl})"));
                }
            }
        }

        return (lost, unverified);
    }

    private static async Task<(long Version, decimal Pnl)?> ReadStoredAsync(HttpClient client, string id)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"/executors/{id}", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    return (Version(response.Headers.ETag?.Tag), body.RootElement.GetProperty("net_pnl_quote").GetDecimal());
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return null;
    }

    private decimal NextPnl() => Interlocked.Increment(ref _nextPnl) / 100m;

    private static HttpRequestMessage Put(string id, decimal pnl) =>
        new(HttpMethod.Put, $"/executors/{id}")
        {
            Content = JsonContent.Create(
                new Dictionary<string, object?>
                {
                    ["executor_type"] = "position_executor",
                    ["account_name"] = DrillOptions.Account,
                    ["connector_name"] = "binance_perpetual",
                    ["trading_pair"] = "BTC-USDT",
                    ["status"] = "RUNNING",
                    ["is_trading"] = true,
                    ["net_pnl_quote"] = pnl,
                    ["filled_amount_quote"] = 1000m,
                    ["side"] = "BUY",
                },
                options: Json),
        };

    /// <summary>The version in an ETag <c>"N"</c> (or <c>W/"N"</c>); -1 when there is none.</summary>
    private static long Version(string? etag)
    {
        var text = etag?.Trim('"') ?? string.Empty;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
    }

    private async Task PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(options.Pause, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
