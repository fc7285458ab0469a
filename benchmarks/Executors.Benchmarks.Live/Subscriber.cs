using System.Text.Json;
using Executors.Client;

namespace Executors.Benchmarks.Live;

internal enum SubscriberKind
{
    Detail,
    List,
    Summary,
}

/// <summary>One subscriber: its own connection (as a separate service would have), one subscription, its last state.</summary>
internal sealed class Subscriber(int number, SubscriberKind kind, string? executorId, string? pair) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new();
    private ExecutorStreamClient? _client;
    private Task? _reading;
    private ExecutorDetailResponse? _detail;
    private Dictionary<string, ExecutorDetailResponse>? _list;
    private string? _summary;
    private int _lastSeq = -1;
    private readonly Dictionary<string, int> _listSeqs = new(StringComparer.Ordinal);

    public int Number => number;

    public SubscriberKind Kind => kind;

    public string? ExecutorId => executorId;

    public string? Pair => pair;

    public int WriterPushes { get; private set; }

    public bool HasSnapshot => Volatile.Read(ref _detail) is not null || Volatile.Read(ref _list) is not null || Volatile.Read(ref _summary) is not null;

    public async Task StartAsync(LiveBenchmark benchmark, CancellationToken cancellationToken)
    {
        _client = benchmark.NewStreamClient();
        _client.Reconnected += (_, _) => benchmark.Reconnected();
        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _reading = Task.Run(() => ReadAsync(benchmark), CancellationToken.None);
        _ = kind switch
        {
            SubscriberKind.Detail => await _client.SubscribeExecutorDetailAsync(executorId!, benchmark.UpdateInterval, cancellationToken).ConfigureAwait(false),
            SubscriberKind.List => await _client.SubscribeExecutorsAsync(new ExecutorsStreamFilter { AccountName = "bench_account", TradingPair = pair, Status = "RUNNING" }, benchmark.UpdateInterval, cancellationToken).ConfigureAwait(false),
            _ => await _client.SubscribeSummaryAsync(benchmark.UpdateInterval, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task ReadAsync(LiveBenchmark benchmark)
    {
        try
        {
            await foreach (var message in _client!.ReadAllAsync().ConfigureAwait(false))
            {
                switch (message)
                {
                    case ExecutorDetailMessage detail:
                        benchmark.Pushed();
                        var before = _lastSeq;
                        benchmark.Observed(detail.Executor.ExecutorId, detail.Executor.CustomInfo, SubscriberKind.Detail, ref _lastSeq);
                        if (_lastSeq > before && _lastSeq > 0)
                        {
                            WriterPushes++;
                        }

                        Volatile.Write(ref _detail, detail.Executor);
                        break;
                    case ExecutorsMessage list:
                        benchmark.Pushed();
                        foreach (var executor in list.Executors)
                        {
                            var seq = _listSeqs.GetValueOrDefault(executor.ExecutorId, -1);
                            benchmark.Observed(executor.ExecutorId, executor.CustomInfo, SubscriberKind.List, ref seq);
                            _listSeqs[executor.ExecutorId] = seq;
                        }

                        Volatile.Write(ref _list, list.Executors.ToDictionary(e => e.ExecutorId, StringComparer.Ordinal));
                        break;
                    case ExecutorSummaryMessage summary:
                        benchmark.Pushed();
                        Volatile.Write(ref _summary, JsonSerializer.Serialize(summary.Summary, Json));
                        break;
                    case StreamErrorMessage error:
                        benchmark.StreamError();
                        LiveBenchmark.Say($"  subscriber {number}: error {error.Message}");
                        break;
                    default:
                        break;
                }
            }
        }
        catch (ExecutorStreamException e)
        {
            benchmark.StreamError();
            LiveBenchmark.Say($"  subscriber {number}: stream ended: {e.Message}");
        }
    }

    /// <summary>True when the last state received is what the database holds now (for a list: the matching executors).</summary>
    public bool MatchesDatabase(IReadOnlyDictionary<string, ExecutorDetailResponse> database, string summary) => kind switch
    {
        SubscriberKind.Detail => _detail is { } d && Same(d, database[executorId!]),
        SubscriberKind.List => _list is { } l
            && l.Keys.Order(StringComparer.Ordinal).SequenceEqual(database.Values.Where(e => e.TradingPair == pair).Select(e => e.ExecutorId).Order(StringComparer.Ordinal))
            && l.Values.All(e => Same(e, database[e.ExecutorId])),
        _ => _summary == summary,
    };

    public string Describe(IReadOnlyDictionary<string, ExecutorDetailResponse> database) => kind switch
    {
        SubscriberKind.Detail => $"last seq {_lastSeq}, database {database[executorId!].CustomInfo?.GetProperty("bench_seq")}",
        SubscriberKind.List => $"{_list?.Count ?? 0} executors received",
        _ => $"summary {_summary}",
    };

    private static bool Same(ExecutorDetailResponse a, ExecutorDetailResponse b) =>
        JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        if (_reading is not null)
        {
            await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
