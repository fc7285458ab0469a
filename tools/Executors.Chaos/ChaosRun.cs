using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Executors.Chaos;

/// <summary>
/// One chaos run against a running API: a quiet baseline, then — all at once, for <see cref="ChaosOptions.Duration"/> —
/// racing writers on a few executors, bursts of wrong passwords from fresh loopback addresses, a valid user re-spelling
/// its header, malformed headers, a reader looping 1,000-row searches; all the while the signed-in user
/// (<see cref="ChaosUsers.Desk"/>, the attackers' target) reads one executor and its latency is measured. Afterwards
/// every acknowledged write is checked against what the API stores.
/// </summary>
public sealed class ChaosRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ChaosOptions _options;
    private readonly ConcurrentDictionary<(string Traffic, string Answer), int> _answers = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly List<IDisposable> _clients = [];

    public ChaosRun(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The answers each kind of traffic may get; anything else fails the run.</summary>
    private static readonly Dictionary<string, int[]> Allowed = new(StringComparer.Ordinal)
    {
        ["signed-in reads"] = [200],
        ["racing writes"] = [200, 201],
        ["setup writes"] = [201],
        ["wrong passwords"] = [401, 429, 503], // 503: the hashing gate refusing at once (deliberate)
        ["re-spelt headers"] = [200, 429],    // 429: the user's own request allowance
        ["malformed headers"] = [401, 429],
        ["1,000-row searches"] = [200, 429],  // 429: a page of 1,000 costs 41 permits
        ["side-channel searches"] = [200],
    };

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var desk = Client(IPAddress.Loopback, ChaosUsers.Desk);
            var engine = Client(IPAddress.Loopback, ChaosUsers.Engine);
            var restricted = Client(IPAddress.Loopback, ChaosUsers.Restricted);

            // Setup: the executor the signed-in user reads, the racing writers' executors, another account's executors.
            var readId = $"ChaosRead{Guid.NewGuid():N}"[..24];
            var raceIds = Enumerable.Range(0, _options.RaceExecutors).Select(i => $"ChaosRace{i}x{Guid.NewGuid():N}"[..28]).ToArray();
            var setupClock = Stopwatch.StartNew();
            await PutAsync(engine, readId, ChaosUsers.RaceAccount, 0m, "setup", cancellationToken);
            foreach (var id in raceIds)
            {
                await PutAsync(engine, id, ChaosUsers.RaceAccount, 0m, "setup", cancellationToken);
            }

            await SeedForeignAsync(engine, cancellationToken);

            // Every user signs in once before the chaos, as a running system's clients have: what the chaos tests is
            // that signed-in clients keep working, not first sign-ins in the middle of an attack (those may be told
            // to retry in a second: the hashing gate's deliberate 503).
            foreach (var (user, _, _) in ChaosUsers.All)
            {
                using var signIn = Client(IPAddress.Loopback, user);
                await GetStringAsync(signIn, "/executors/types/available", cancellationToken);
            }

            var setup = setupClock.Elapsed;

            // Baseline: the signed-in user alone (it signs in here, from 127.0.0.1), then the side-channel searches.
            var baseline = await ReadLoopAsync(desk, readId, Task.Delay(_options.Baseline, cancellationToken), cancellationToken);
            var sideChannel = await MeasureSideChannelAsync(restricted, cancellationToken);

            // Chaos: everything at once for the duration.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(_options.Duration);
            var race = new RaceLedger(raceIds);
            var chaosClock = Stopwatch.StartNew();
            var during = ReadLoopAsync(desk, readId, Task.Delay(_options.Duration, cancellationToken), cancellationToken);
            var load = new List<Task>
            {
                BurstsAsync(readId, stop.Token),
                SearchLoopAsync(stop.Token),
                MalformedLoopAsync(readId, stop.Token),
            };
            load.AddRange(Enumerable.Range(0, _options.Writers).Select(w => WriterLoopAsync(w, race, stop.Token)));
            load.AddRange(Enumerable.Range(0, _options.RespeltClients).Select(c => RespeltLoopAsync(c, readId, stop.Token)));
            var reads = await during;
            await Task.WhenAll(load);
            var chaosTime = chaosClock.Elapsed;

            // Nothing lost: every acknowledged error counted once, the log bounded, the newest acknowledged report kept.
            var writesChecked = await VerifyRaceAsync(engine, race, cancellationToken);
            var p99 = Percentile(reads, 99);
            if (p99 > _options.P99BoundMilliseconds)
            {
                Fail($"the signed-in user's p99 during the chaos was {p99:F1} ms, above the bound of {_options.P99BoundMilliseconds:F0} ms");
            }

            return new ChaosReport(
                _options,
                setup,
                chaosTime,
                baseline,
                reads,
                sideChannel,
                writesChecked,
                race.Acknowledged,
                race.Retried,
                new SortedDictionary<string, int>(_answers.ToDictionary(pair => $"{pair.Key.Traffic}: {pair.Key.Answer}", pair => pair.Value), StringComparer.Ordinal),
                [.. _failures.Distinct(StringComparer.Ordinal)]);
        }
        finally
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Sequential reads of one executor, one every <see cref="ChaosOptions.GoodUserInterval"/>, until <paramref name="until"/>.</summary>
    private async Task<List<double>> ReadLoopAsync(HttpClient client, string id, Task until, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        while (!until.IsCompleted || latencies.Count < 20)
        {
            var clock = Stopwatch.StartNew();
            await SendAsync("signed-in reads", client, () => new HttpRequestMessage(HttpMethod.Get, $"/executors/{id}"), cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            var rest = _options.GoodUserInterval - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }

        return latencies;
    }

    /// <summary>
    /// The restricted reader searches an account it cannot see (holding <see cref="ChaosOptions.ForeignExecutors"/>
    /// executors) and its own empty one, alternately: the two must cost the same (ADR 7).
    /// </summary>
    private async Task<SideChannel> MeasureSideChannelAsync(HttpClient restricted, CancellationToken cancellationToken)
    {
        var foreign = new List<double>();
        var own = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            foreach (var (account, times) in new[] { (ChaosUsers.ForeignAccount, foreign), (ChaosUsers.OwnAccount, own) })
            {
                var clock = Stopwatch.StartNew();
                var body = await SendAsync(
                    "side-channel searches",
                    restricted,
                    () => new HttpRequestMessage(HttpMethod.Post, "/executors/search") { Content = JsonContent.Create(new { account_names = new[] { account }, limit = 1 }) },
                    cancellationToken);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (body is not null && !body.Contains("\"total_count\":0", StringComparison.Ordinal))
                {
                    Fail($"the restricted reader's search of {account} found executors");
                }
            }

            await Task.Delay(25, cancellationToken); // ~80 searches a second: well within the user's allowance
        }

        var result = new SideChannel(Percentile(own, 50), Percentile(foreign, 50));
        if (result.ForeignMedian > (result.OwnMedian * 1.5) + 1)
        {
            Fail($"a search of another account's {_options.ForeignExecutors} executors took {result.ForeignMedian:F2} ms (median) against {result.OwnMedian:F2} ms for an empty own account");
        }

        return result;
    }

    /// <summary>
    /// Every <see cref="ChaosOptions.BurstEvery"/>, <see cref="ChaosOptions.AttackAddresses"/> fresh addresses send
    /// <see cref="ChaosOptions.GuessesPerAddress"/> wrong passwords each, all at once: half for the signed-in user's
    /// name, half for unknown names.
    /// </summary>
    private async Task BurstsAsync(string id, CancellationToken stop)
    {
        var bursts = new List<Task>();
        for (var burst = 1; !stop.IsCancellationRequested && burst < 250; burst++)
        {
            var addresses = Enumerable.Range(2, _options.AttackAddresses)
                .Select(host => Client(IPAddress.Parse($"127.0.{burst}.{host}"), userName: null))
                .ToList();
            bursts.Add(Task.WhenAll(addresses.SelectMany((client, a) => Enumerable.Range(0, _options.GuessesPerAddress).Select(g =>
            {
                var name = a % 2 == 0 ? ChaosUsers.Desk : $"nobody-{burst}-{a}-{g}";
                return SendAsync("wrong passwords", client, () => Get(id, Basic(name, $"guess-{burst}-{a}-{g}")), CancellationToken.None);
            }))));
            try
            {
                await Task.Delay(_options.BurstEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(bursts);
    }

    /// <summary>A reader looping 1,000-row searches; refused with 429 once its allowance is spent, then waiting as told.</summary>
    private async Task SearchLoopAsync(CancellationToken stop)
    {
        var analyst = Client(IPAddress.Loopback, ChaosUsers.Analyst);
        while (!stop.IsCancellationRequested)
        {
            var retryAfter = await SendForRetryAfterAsync(
                "1,000-row searches",
                analyst,
                () => new HttpRequestMessage(HttpMethod.Post, "/executors/search") { Content = JsonContent.Create(new { limit = 1000 }) },
                stop);
            await DelayQuietly(retryAfter ?? TimeSpan.Zero, stop);
        }
    }

    /// <summary>A valid user's own credentials, spelt as the RFCs allow but never the same way twice in a row.</summary>
    private async Task RespeltLoopAsync(int client, string id, CancellationToken stop)
    {
        var http = Client(IPAddress.Parse($"127.1.0.{client + 2}"), userName: null);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ChaosUsers.Respeller}:{_options.Password}"));
        string[] spellings = [$"Basic {token}", $"basic {token}", $"BASIC  {token}", $"bAsIc   {token}", $" Basic {token} "];
        for (var i = client; !stop.IsCancellationRequested; i++)
        {
            var header = spellings[i % spellings.Length];
            var retryAfter = await SendForRetryAfterAsync("re-spelt headers", http, () => Get(id, header), stop);
            await DelayQuietly(retryAfter ?? TimeSpan.FromMilliseconds(100), stop);
        }
    }

    /// <summary>Headers that are not Basic credentials at all (whitespace inside the base64), from one address.</summary>
    private async Task MalformedLoopAsync(string id, CancellationToken stop)
    {
        var http = Client(IPAddress.Parse("127.2.0.2"), userName: null);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ChaosUsers.Respeller}:{_options.Password}"));
        var broken = $"Basic {token[..4]} {token[4..]}";
        while (!stop.IsCancellationRequested)
        {
            await SendAsync("malformed headers", http, () => Get(id, broken), stop);
            await DelayQuietly(TimeSpan.FromMilliseconds(50), stop);
        }
    }

    /// <summary>
    /// One engine thread: alternately an unconditional state report (net_pnl_quote = a number unique to the run) and an
    /// append of one ERROR and one INFO entry, on a random race executor; a 429 waits as told and sends the same again.
    /// </summary>
    private async Task WriterLoopAsync(int writer, RaceLedger race, CancellationToken stop)
    {
        var engine = Client(IPAddress.Loopback, ChaosUsers.Engine);
        var random = new Random(writer);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = race.Ids[random.Next(race.Ids.Count)];
            if (n % 2 == 0)
            {
                var pnl = race.NextPnl();
                var (status, etag) = await WriteAsync(engine, () => PutRequest(id, ChaosUsers.RaceAccount, pnl), race);
                if (status is 200 or 201)
                {
                    race.Report(id, pnl, Version(etag));
                }
            }
            else
            {
                var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                var entries = new object[]
                {
                    new { timestamp = now, level = "ERROR", message = $"chaos error {writer}-{n}" },
                    new { timestamp = now, level = "INFO", message = $"chaos info {writer}-{n}" },
                };
                var (status, _) = await WriteAsync(
                    engine,
                    () => new HttpRequestMessage(HttpMethod.Post, $"/executors/{id}/logs") { Content = JsonContent.Create(new { entries }) },
                    race);
                if (status == 200)
                {
                    race.Appended(id, errors: 1, entries: 2);
                }
            }
        }
    }

    /// <summary>Sends a write until it is answered other than 429 (an engine honours Retry-After); the final answer counts.</summary>
    private async Task<(int Status, string? ETag)> WriteAsync(HttpClient engine, Func<HttpRequestMessage> request, RaceLedger race, string traffic = "racing writes")
    {
        while (true)
        {
            using var message = request();
            try
            {
                using var response = await engine.SendAsync(message, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    race.Throttled();
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }

                Count(traffic, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), body: null, response);
                return ((int)response.StatusCode, response.Headers.ETag?.Tag);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Count(traffic, exception.GetType().Name, null, null);
                return (0, null);
            }
        }
    }

    private async Task<int> VerifyRaceAsync(HttpClient engine, RaceLedger race, CancellationToken cancellationToken)
    {
        foreach (var id in race.Ids)
        {
            var (errors, entries, pnl) = race.Expected(id);
            using var record = JsonDocument.Parse(await GetStringAsync(engine, $"/executors/{id}", cancellationToken));
            using var log = JsonDocument.Parse(await GetStringAsync(engine, $"/executors/{id}/logs?limit=1", cancellationToken));
            var storedErrors = record.RootElement.GetProperty("error_count").GetInt32();
            var storedEntries = log.RootElement.GetProperty("total_count").GetInt32();
            var storedPnl = record.RootElement.GetProperty("net_pnl_quote").GetDecimal();
            if (storedErrors != errors)
            {
                Fail($"{id}: error_count {storedErrors}, but {errors} ERROR entries were acknowledged");
            }

            if (storedEntries != Math.Min(entries, 1000))
            {
                Fail($"{id}: {storedEntries} log entries kept, but {entries} were acknowledged (bound 1,000)");
            }

            if (pnl is { } newest && storedPnl != newest)
            {
                Fail($"{id}: net_pnl_quote {storedPnl}, but the acknowledged report with the highest version said {newest}");
            }
        }

        return race.Ids.Count;
    }

    private async Task SeedForeignAsync(HttpClient engine, CancellationToken cancellationToken)
    {
        var next = -1;
        var race = new RaceLedger([]);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < _options.ForeignExecutors; i = Interlocked.Increment(ref next))
            {
                var id = $"ChaosForeign{i:D6}x{Guid.NewGuid():N}"[..30];
                var (status, _) = await WriteAsync(engine, () => PutRequest(id, ChaosUsers.ForeignAccount, i), race, "setup writes");
                if (status is not (200 or 201))
                {
                    throw new InvalidOperationException($"Seeding another account's executors failed: {status}.");
                }
            }
        }));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task PutAsync(HttpClient engine, string id, string account, decimal pnl, string traffic, CancellationToken cancellationToken)
    {
        using var request = PutRequest(id, account, pnl);
        using var response = await engine.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{traffic}: PUT {id} answered {(int)response.StatusCode}.");
        }
    }

    private static HttpRequestMessage PutRequest(string id, string account, decimal pnl) =>
        new(HttpMethod.Put, $"/executors/{id}")
        {
            Content = JsonContent.Create(
                new Dictionary<string, object?>
                {
                    ["executor_type"] = "position_executor",
                    ["account_name"] = account,
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

    private static HttpRequestMessage Get(string id, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{id}");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private async Task<string?> SendAsync(string traffic, HttpClient client, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            Count(traffic, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), body, response);
            return body;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // the phase ended with the request in flight: not an answer
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Count(traffic, exception.GetType().Name, null, null);
            return null;
        }
    }

    private async Task<TimeSpan?> SendForRetryAfterAsync(string traffic, HttpClient client, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            Count(traffic, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), null, response);
            return response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1) : null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Count(traffic, exception.GetType().Name, null, null);
            return null;
        }
    }

    /// <summary>Tallies an answer; one outside the traffic's allowed set fails the run (a 5xx always names itself).</summary>
    private void Count(string traffic, string answer, string? body, HttpResponseMessage? response)
    {
        _answers.AddOrUpdate((traffic, answer), 1, (_, count) => count + 1);
        if (response is null)
        {
            Fail($"{traffic}: {answer} (no answer)");
            return;
        }

        var status = (int)response.StatusCode;
        if (!Allowed[traffic].Contains(status))
        {
            Fail($"{traffic}: answered {status}{(body is { Length: > 0 } ? " " + body[..Math.Min(body.Length, 200)] : string.Empty)}");
        }
    }

    private static async Task<string> GetStringAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
    }

    private void Fail(string failure) => _failures.Enqueue(failure);

    /// <summary>A client whose connections leave from <paramref name="source"/> (any 127.0.0.0/8 address on Linux).</summary>
    private HttpClient Client(IPAddress source, string? userName)
    {
        var client = LoopbackClient.Create(_options.Api, source, _options.RequestTimeout);
        if (userName is not null)
        {
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(Basic(userName, _options.Password));
        }

        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    private static string Basic(string userName, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));

    private static long Version(string? etag) =>
        etag is { Length: > 2 } && long.TryParse(etag.AsSpan(1, etag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    /// <summary>What the racing writers had acknowledged, per executor.</summary>
    private sealed class RaceLedger(IReadOnlyList<string> ids)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, (int Errors, int Entries, long Version, decimal? Pnl)> _expected =
            ids.ToDictionary(id => id, _ => (0, 0, 0L, (decimal?)null), StringComparer.Ordinal);

        private long _pnl;
        private int _acknowledged;
        private int _throttled;

        public IReadOnlyList<string> Ids { get; } = ids;

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public int Retried => Volatile.Read(ref _throttled);

        public decimal NextPnl() => Interlocked.Increment(ref _pnl);

        public void Throttled() => Interlocked.Increment(ref _throttled);

        public void Report(string id, decimal pnl, long version)
        {
            Interlocked.Increment(ref _acknowledged);
            lock (_lock)
            {
                var current = _expected[id];
                if (version > current.Version)
                {
                    _expected[id] = current with { Version = version, Pnl = pnl };
                }
            }
        }

        public void Appended(string id, int errors, int entries)
        {
            Interlocked.Increment(ref _acknowledged);
            lock (_lock)
            {
                var current = _expected[id];
                _expected[id] = current with { Errors = current.Errors + errors, Entries = current.Entries + entries };
            }
        }

        public (int Errors, int Entries, decimal? Pnl) Expected(string id)
        {
            lock (_lock)
            {
                var expected = _expected[id];
                return (expected.Errors, expected.Entries, expected.Pnl);
            }
        }
    }
}

/// <summary>The restricted reader's median search times: its own empty account, and another account it cannot see.</summary>
public sealed record SideChannel(double OwnMedian, double ForeignMedian);
