using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Executors.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Benchmarks.Live;

/// <summary>The settings of one run (command line <c>--name value</c>).</summary>
internal sealed record LiveSettings(
    Uri BaseAddress, string Reader, string ReaderPassword, string Writer, string WriterPassword, int ApiPid,
    int Subscribers, int Executors, int WritesPerSecond, TimeSpan Duration, double UpdateInterval, string Output, string Database);

/// <summary>
/// One run: creates the benchmark's executors (PUT), connects the subscribers (executor_detail to the executors in
/// turn, some executors-list and summary ones), measures the API's resident memory before and after, writes at a fixed
/// rate for the duration with each PUT's send time stamped in custom_info, takes the time from that stamp to each push
/// received, then compares every subscriber's last state with what the API reads from the database.
/// </summary>
internal sealed class LiveBenchmark(LiveSettings settings)
{
    private const string Account = "bench_account";
    private static readonly string[] Pairs = ["BTC-USDT", "ETH-USDT", "SOL-USDT", "DOGE-USDT", "XRP-USDT", "AVAX-USDT", "LINK-USDT", "ARB-USDT", "BTC-USD", "ETH-BTC"];
    private static readonly JsonSerializerOptions Json = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly ConcurrentBag<double> _detailLatencies = [];
    private readonly ConcurrentBag<double> _listLatencies = [];
    private readonly ConcurrentBag<double> _putLatencies = [];
    private readonly ConcurrentBag<double> _afterAnswer = [];
    private readonly ConcurrentDictionary<(string, int), long> _answered = new();
    private readonly ConcurrentQueue<(string Id, int Seq, long Received)> _early = new();
    private readonly ConcurrentBag<double> _afterCommit = [];
    private readonly ConcurrentDictionary<string, int> _lastSent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), long> _committed = new();
    private long _writerStarted;
    private int _reconnects;
    private int _streamErrors;
    private int _putErrors;
    private long _pushes;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        using var services = Services();
        var writer = services.GetRequiredKeyedService<IExecutorsApiClient>("writer");
        var reader = services.GetRequiredKeyedService<IExecutorsApiClient>("reader");
        var ids = Enumerable.Range(1, settings.Executors).Select(n => $"bench-exec-{n:D5}").ToArray();

        Say($"Creating {ids.Length} RUNNING executors in {Account} (PUT)");
        var states = ids.ToDictionary(id => id, id => NewState(id), StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, ct) => await writer.PutExecutorAsync(id, Stamp(states[id], 0), ct).ConfigureAwait(false)).ConfigureAwait(false);

        // The subscribers: detail ones over the executors in turn, then list and summary ones.
        var lists = Math.Max(1, settings.Subscribers * 6 / 100);
        var summaries = Math.Max(1, settings.Subscribers * 4 / 100);
        var details = settings.Subscribers - lists - summaries;
        var subscribers = new List<Subscriber>(settings.Subscribers);
        for (var i = 0; i < settings.Subscribers; i++)
        {
            subscribers.Add(i < details ? new Subscriber(i, SubscriberKind.Detail, ids[i % ids.Length], null)
                : i < details + lists ? new Subscriber(i, SubscriberKind.List, null, Pairs[(i - details) % Pairs.Length])
                : new Subscriber(i, SubscriberKind.Summary, null, null));
        }

        var before = ResidentKb(settings.ApiPid);
        Say($"API resident memory before: {before / 1024.0:F1} MiB; connecting {details} executor_detail, {lists} executors-list and {summaries} summary subscribers");
        var connecting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (subscriber, ct) => await subscriber.StartAsync(this, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var firstSnapshots = Stopwatch.StartNew();
        while (subscribers.Any(s => !s.HasSnapshot) && firstSnapshots.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var after = ResidentKb(settings.ApiPid);
        var withoutSnapshot = subscribers.Count(s => !s.HasSnapshot);
        Say($"Connected in {connecting.Elapsed.TotalSeconds:F1} s ({withoutSnapshot} without a first snapshot); API resident memory after: {after / 1024.0:F1} MiB");

        // The writer: an open-loop schedule of PUTs, round robin over the executors.
        Say($"Writing {settings.WritesPerSecond} PUT/s for {settings.Duration.TotalSeconds:F0} s");
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var cpuBefore = CpuSeconds(settings.ApiPid);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = settings.Database.Length > 0 ? await WatchCommitsAsync(watching.Token).ConfigureAwait(false) : Task.CompletedTask;
        Volatile.Write(ref _writerStarted, 1);
        var seqs = await WriteAsync(writer, ids, states, cancellationToken).ConfigureAwait(false);
        var cpuDuring = CpuSeconds(settings.ApiPid) - cpuBefore;
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(3, settings.UpdateInterval * 4)), cancellationToken).ConfigureAwait(false);

        // The check: every subscriber's last state against the API's reading of the database now.
        Say("Checking every subscriber's last state against the database");
        var database = new ConcurrentDictionary<string, ExecutorDetailResponse>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, ct) => database[id] = await reader.GetExecutorAsync(id, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var summaryNow = JsonSerializer.Serialize(await reader.GetExecutorsSummaryAsync(cancellationToken).ConfigureAwait(false), Json);
        var stale = subscribers.Where(s => !s.MatchesDatabase(database, summaryNow)).ToList();
        foreach (var subscriber in stale.Take(5))
        {
            Say($"  stale: subscriber {subscriber.Number} ({subscriber.Kind} {subscriber.ExecutorId ?? subscriber.Pair}): {subscriber.Describe(database)}");
        }

        await watching.CancelAsync().ConfigureAwait(false);
        await watcher.ConfigureAwait(false);
        foreach (var (id, seq, received) in _early)
        {
            if (_answered.TryGetValue((id, seq), out var answered))
            {
                _afterAnswer.Add((received - answered) * 1000.0 / Stopwatch.Frequency);
            }

            if (_committed.TryGetValue((id, seq), out var committed))
            {
                _afterCommit.Add((received - committed) * 1000.0 / Stopwatch.Frequency);
            }
        }

        var expectedDetailPushes = seqs.Sum(pair => (long)pair.Value * subscribers.Count(s => s.Kind == SubscriberKind.Detail && s.ExecutorId == pair.Key));
        var receivedDetailPushes = subscribers.Where(s => s.Kind == SubscriberKind.Detail).Sum(s => (long)s.WriterPushes);
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (s, _) => await s.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);

        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["subscribers"] = settings.Subscribers,
            ["detail_subscribers"] = details,
            ["list_subscribers"] = lists,
            ["summary_subscribers"] = summaries,
            ["executors"] = settings.Executors,
            ["writes_per_second_target"] = settings.WritesPerSecond,
            ["duration_s"] = settings.Duration.TotalSeconds,
            ["update_interval_s"] = settings.UpdateInterval,
            ["puts"] = _putLatencies.Count,
            ["put_errors"] = _putErrors,
            ["put_p50_ms"] = Percentile(_putLatencies, 50),
            ["put_p99_ms"] = Percentile(_putLatencies, 99),
            ["pushes_received"] = Interlocked.Read(ref _pushes),
            ["detail_pushes_expected"] = expectedDetailPushes,
            ["detail_pushes_received"] = receivedDetailPushes,
            ["detail_after_commit_samples"] = _afterCommit.Count,
            ["detail_after_commit_p50_ms"] = Percentile(_afterCommit, 50),
            ["detail_after_commit_p90_ms"] = Percentile(_afterCommit, 90),
            ["detail_after_commit_p99_ms"] = Percentile(_afterCommit, 99),
            ["detail_after_commit_max_ms"] = Percentile(_afterCommit, 100),
            ["detail_latency_samples"] = _detailLatencies.Count,
            ["detail_p50_ms"] = Percentile(_detailLatencies, 50),
            ["detail_p90_ms"] = Percentile(_detailLatencies, 90),
            ["detail_p99_ms"] = Percentile(_detailLatencies, 99),
            ["detail_after_answer_p50_ms"] = Percentile(_afterAnswer, 50),
            ["detail_after_answer_p99_ms"] = Percentile(_afterAnswer, 99),
            ["detail_before_answer_share"] = _afterAnswer.IsEmpty ? null : Math.Round(_afterAnswer.Count(v => v < 0) / (double)_afterAnswer.Count, 3),
            ["api_cpu_s_during_writes"] = Math.Round(cpuDuring, 1),
            ["loadavg_before"] = loadBefore,
            ["loadavg_after"] = File.ReadAllText("/proc/loadavg").Trim(),
            ["detail_max_ms"] = _detailLatencies.IsEmpty ? null : Math.Round(_detailLatencies.Max(), 2),
            ["list_latency_samples"] = _listLatencies.Count,
            ["list_p50_ms"] = Percentile(_listLatencies, 50),
            ["list_p99_ms"] = Percentile(_listLatencies, 99),
            ["api_rss_before_kb"] = before,
            ["api_rss_after_kb"] = after,
            ["api_kb_per_subscriber"] = Math.Round((after - before) / (double)settings.Subscribers, 1),
            ["without_first_snapshot"] = withoutSnapshot,
            ["reconnects"] = _reconnects,
            ["stream_errors"] = _streamErrors,
            ["stale_subscribers"] = stale.Count,
            ["total_s"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        await File.WriteAllTextAsync(settings.Output, JsonSerializer.Serialize(result, Indented), cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in result)
        {
            Console.WriteLine($"{key}={Convert.ToString(value, CultureInfo.InvariantCulture)}");
        }

        return stale.Count == 0 && withoutSnapshot == 0 && _putErrors == 0 ? 0 : 1;
    }

    private async Task<Dictionary<string, int>> WriteAsync(IExecutorsApiClient writer, string[] ids, Dictionary<string, ExecutorStateRequest> states, CancellationToken cancellationToken)
    {
        var seqs = ids.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        var count = (int)(settings.WritesPerSecond * settings.Duration.TotalSeconds);
        var period = TimeSpan.FromSeconds(1.0 / settings.WritesPerSecond);
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(count);
        var perExecutor = ids.ToDictionary(id => id, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        for (var n = 0; n < count; n++)
        {
            var due = period * n;
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            var id = ids[n % ids.Length];
            var seq = ++seqs[id];
            inFlight.Add(PutAsync(writer, id, states[id], seq, perExecutor[id], cancellationToken));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        foreach (var gate in perExecutor.Values)
        {
            gate.Dispose();
        }

        return seqs;
    }

    private async Task PutAsync(IExecutorsApiClient writer, string id, ExecutorStateRequest state, int seq, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        // One PUT per executor at a time, in seq order (an engine reports its executor's states in order).
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = Stamp(state, seq);
            _lastSent[id] = seq; // the only PUT of this executor in flight: its commit's notification is this seq's
            var sent = Stopwatch.GetTimestamp();
            await writer.PutExecutorAsync(id, request, cancellationToken).ConfigureAwait(false);
            _answered[(id, seq)] = Stopwatch.GetTimestamp();
            _putLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        catch (Exception e) when (e is ExecutorsApiException or HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _putErrors);
            Say($"  PUT {id} failed: {e.Message}");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The commit reference: this process LISTENs on the change feed's channel itself, so each PUT's commit is timed by
    /// the same notification the API hears, on the same clock as the pushes. Returns once listening.
    /// </summary>
    private async Task<Task> WatchCommitsAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(settings.Database);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, e) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var payload = JsonDocument.Parse(e.Payload);
            if (payload.RootElement.TryGetProperty("k", out var k) && k.GetString() == "executor"
                && payload.RootElement.TryGetProperty("x", out var x) && x.GetString() is { } id && _lastSent.TryGetValue(id, out var seq))
            {
                _committed.TryAdd((id, seq), now);
            }
        };
        await using (var listen = new NpgsqlCommand("LISTEN executor_changes", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return Task.Run(
            async () =>
            {
                await using (connection.ConfigureAwait(false))
                {
                    try
                    {
                        while (true)
                        {
                            await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                    }
                }
            },
            CancellationToken.None);
    }

    /// <summary>A subscriber saw a record carrying the writer's stamp: the time from the PUT's send to now.</summary>
    internal void Observed(string executorId, JsonElement? customInfo, SubscriberKind kind, ref int lastSeq)
    {
        if (customInfo is not { ValueKind: JsonValueKind.Object } info || !info.TryGetProperty("bench_seq", out var s) || !s.TryGetInt32(out var seq) || seq <= lastSeq)
        {
            return;
        }

        lastSeq = seq;
        if (seq == 0 || Volatile.Read(ref _writerStarted) == 0 || !info.TryGetProperty("bench_sent", out var t) || !t.TryGetInt64(out var sent))
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var milliseconds = (now - sent) * 1000.0 / Stopwatch.Frequency;
        (kind == SubscriberKind.Detail ? _detailLatencies : _listLatencies).Add(milliseconds);
        if (kind == SubscriberKind.Detail)
        {
            // The push may come before the PUT's answer (commit → push shorter than commit → answer): settled at the end.
            _early.Enqueue((executorId, seq, now));
        }
    }

    internal void Pushed() => Interlocked.Increment(ref _pushes);

    internal void StreamError() => Interlocked.Increment(ref _streamErrors);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal ExecutorStreamClient NewStreamClient() => new(new ExecutorStreamClientOptions
    {
        BaseAddress = settings.BaseAddress,
        UserName = settings.Reader,
        Password = settings.ReaderPassword,
        RequestTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    internal double UpdateInterval => settings.UpdateInterval;

    private static ExecutorStateRequest NewState(string id)
    {
        var n = int.Parse(id.AsSpan(id.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);
        return new ExecutorStateRequest
        {
            ExecutorId = id,
            ExecutorType = "position_executor",
            AccountName = Account,
            ConnectorName = "binance",
            TradingPair = Pairs[n % Pairs.Length],
            ControllerId = "bench",
            Status = "RUNNING",
            IsTrading = true,
            Side = n % 2 == 0 ? "BUY" : "SELL",
            Timestamp = 1_764_000_000m + n,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000 + n),
            NetPnlQuote = 0,
            NetPnlPct = 0,
            CumFeesQuote = 0.1m,
            FilledAmountQuote = 100m,
            Config = JsonSerializer.SerializeToElement(new { type = "position_executor", connector_name = "binance", trading_pair = Pairs[n % Pairs.Length], side = n % 2 == 0 ? "BUY" : "SELL", amount = "0.01" }),
        };
    }

    /// <summary>The state as PUT number <paramref name="seq"/>: a moving PnL, and the send time for the latency.</summary>
    private static ExecutorStateRequest Stamp(ExecutorStateRequest state, int seq)
    {
        var pnl = decimal.Round((decimal)Math.Sin(seq / 7.0) * 5m, 8);
        return new ExecutorStateRequest
        {
            ExecutorId = state.ExecutorId, ExecutorType = state.ExecutorType, AccountName = state.AccountName,
            ConnectorName = state.ConnectorName, TradingPair = state.TradingPair, ControllerId = state.ControllerId,
            Status = state.Status, IsTrading = state.IsTrading, Side = state.Side, Timestamp = state.Timestamp,
            CreatedAt = state.CreatedAt, NetPnlQuote = pnl, NetPnlPct = decimal.Round(pnl / 100m, 8),
            CumFeesQuote = state.CumFeesQuote, FilledAmountQuote = state.FilledAmountQuote, Config = state.Config,
            CustomInfo = JsonSerializer.SerializeToElement(new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["bench_seq"] = seq,
                ["bench_sent"] = Stopwatch.GetTimestamp(),
            }),
        };
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        foreach (var (key, user, password) in new[] { ("writer", settings.Writer, settings.WriterPassword), ("reader", settings.Reader, settings.ReaderPassword) })
        {
            var name = "executors-" + key;
            services.AddHttpClient(name, client =>
            {
                client.BaseAddress = settings.BaseAddress;
                client.DefaultRequestHeaders.Authorization = BasicCredentials.HeaderValue(user, password);
                client.Timeout = TimeSpan.FromSeconds(30);
            }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
            services.AddKeyedTransient<IExecutorsApiClient>(key, (provider, _) => new ExecutorsApiClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(name)));
        }

        return services.BuildServiceProvider();
    }

    private static long ResidentKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No VmRSS for process {pid}.");
    }

    /// <summary>User + system CPU time of the process (utime and stime of /proc/PID/stat), in seconds.</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double? Percentile(ConcurrentBag<double> values, double percentile)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 2);
    }

    internal static void Say(string text) => Console.WriteLine(text);
}
