using System.Text.Json;
using Executors.Application.Common.Exceptions;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Executors.Queries.GetExecutorLogs;
using Executors.Application.Executors.Queries.GetExecutorsSummary;
using Executors.Application.Executors.Queries.GetPerformanceReport;
using Executors.Application.Executors.Queries.SearchExecutors;
using Executors.Application.LiveUpdates;
using Executors.Application.Positions.Queries.GetPositionsSummary;
using Executors.Domain.Executors;
using MediatR;
using Microsoft.Extensions.Options;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// Reads what subscriptions show, through the same MediatR queries as the REST routes (so the data is the REST answer
/// byte for byte), and shares each read: a read of one query for one account scope that started after change N was
/// heard serves every subscriber that needs the state as of N or earlier. A thousand subscribers of one query make one
/// read per change, not a thousand. Reads are only reused while the change feed is listening; during an outage every
/// read is fresh.
/// </summary>
internal sealed class LiveReads : IDisposable
{
    private static readonly TimeSpan IdleEntryLifetime = TimeSpan.FromMinutes(2);
    private const int SweepEvery = 256;

    private readonly IServiceScopeFactory _scopes;
    private readonly IExecutorChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly JsonSerializerOptions _json;
    private readonly IDisposable _feedSubscription;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _latest;
    private long _reads;
    private int _insertsSinceSweep;

    public LiveReads(IServiceScopeFactory scopes, IExecutorChangeFeed feed, TimeProvider time, IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _scopes = scopes;
        _feed = feed;
        _time = time;
        _json = json.Value.JsonSerializerOptions;
        _feedSubscription = feed.Subscribe(change =>
        {
            if (change.Sequence > Volatile.Read(ref _latest))
            {
                Volatile.Write(ref _latest, change.Sequence);
            }
        });
    }

    /// <summary>The sequence of the last change heard.</summary>
    public long LatestSequence => Volatile.Read(ref _latest);

    /// <summary>How many database reads subscriptions have caused (for tests and metrics).</summary>
    public long ReadCount => Interlocked.Read(ref _reads);

    /// <summary>
    /// The data of <paramref name="query"/> for <paramref name="scope"/> as of change <paramref name="minSequence"/> at
    /// least: a read already made or under way since that change was heard, or a new one.
    /// </summary>
    public Task<LiveSnapshot> GetAsync(LiveQuery query, AccountScope scope, long minSequence, CancellationToken cancellationToken)
    {
        var key = query.Key + "\n" + (scope.IsAll ? "*" : JsonSerializer.Serialize(scope.Accounts));
        Entry entry;
        lock (_gate)
        {
            if (_feed.IsListening && _entries.TryGetValue(key, out var known) && known.Sequence >= minSequence
                && !known.Read.IsFaulted && !known.Read.IsCanceled)
            {
                entry = known;
            }
            else
            {
                // Started after change minSequence was heard (the caller heard it before asking), so it sees its commit.
                var sequence = Math.Max(LatestSequence, minSequence);
                entry = new Entry(sequence, Task.Run(() => ReadAsync(query, scope, _stopping.Token), CancellationToken.None));
                _entries[key] = entry;
                if (++_insertsSinceSweep >= SweepEvery)
                {
                    _insertsSinceSweep = 0;
                    Sweep();
                }
            }

            entry.LastUsed = _time.GetTimestamp();
        }

        return entry.Read.WaitAsync(cancellationToken);
    }

    private async Task<LiveSnapshot> ReadAsync(LiveQuery query, AccountScope scope, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        await using var services = _scopes.CreateAsyncScope();
        services.ServiceProvider.GetRequiredService<ScopedCurrentUser>().Set(scope, string.Empty);
        var mediator = services.ServiceProvider.GetRequiredService<IMediator>();
        try
        {
            switch (query.Type)
            {
                case LiveQuery.Executors:
                    var page = await mediator.Send(ToSearch(query), cancellationToken);
                    return LiveSnapshot.Of(Serialize(page.Data), page.Data.Count);
                case LiveQuery.ExecutorDetail:
                    var executor = await mediator.Send(new GetExecutorQuery(query.ExecutorId!), cancellationToken);
                    return executor.Found ? LiveSnapshot.Of(Serialize(executor.Executor)) : LiveSnapshot.Failed(NotFound(query.ExecutorId!));
                case LiveQuery.ExecutorSummary:
                    return LiveSnapshot.Of(Serialize(await mediator.Send(new GetExecutorsSummaryQuery(), cancellationToken)));
                case LiveQuery.Performance:
                    return LiveSnapshot.Of(Serialize(await mediator.Send(new GetPerformanceReportQuery(query.ControllerId), cancellationToken)));
                case LiveQuery.Positions:
                    return LiveSnapshot.Of(Serialize(await mediator.Send(new GetPositionsSummaryQuery(query.ControllerId), cancellationToken)));
                case LiveQuery.ExecutorLogs:
                    var logs = await mediator.Send(new GetExecutorLogsQuery(query.ExecutorId!, query.Level, query.Limit), cancellationToken);
                    return LiveSnapshot.OfEntries([.. logs.Logs.Select(Serialize)], logs.TotalCount);
                default:
                    throw new InvalidOperationException($"No read for subscription type {query.Type}.");
            }
        }
        catch (NotFoundException) when (query.ExecutorId is not null)
        {
            return LiveSnapshot.Failed(NotFound(query.ExecutorId));
        }
        catch (RequestValidationException invalid)
        {
            var messages = invalid.Errors.SelectMany(field => field.Value).Select(message => query.Type == LiveQuery.Executors ? Singular(message) : message);
            return LiveSnapshot.Failed(string.Join(" ", messages));
        }
    }

    private static SearchExecutorsQuery ToSearch(LiveQuery query)
    {
        IReadOnlyList<string>? Filter(string key) => query.Filters.TryGetValue(key, out var value) ? [value] : null;
        return new SearchExecutorsQuery
        {
            AccountNames = Filter("account_name"),
            ConnectorNames = Filter("connector_name"),
            TradingPairs = Filter("trading_pair"),
            ExecutorTypes = Filter("executor_type"),
            ControllerIds = Filter("controller_id"),
            Status = query.Filters.GetValueOrDefault("status"),
            Limit = SearchExecutorsQuery.MaxLimit,
        };
    }

    /// <summary>The search validator names the REST body's plural lists; a subscription's filters are singular.</summary>
    private static string Singular(string message) => message
        .Replace("account_names", "filters.account_name", StringComparison.Ordinal)
        .Replace("connector_names", "filters.connector_name", StringComparison.Ordinal)
        .Replace("trading_pairs", "filters.trading_pair", StringComparison.Ordinal)
        .Replace("executor_types", "filters.executor_type", StringComparison.Ordinal)
        .Replace("controller_ids", "filters.controller_id", StringComparison.Ordinal)
        .Replace("status must", "filters.status must", StringComparison.Ordinal);

    private static string NotFound(string executorId) => $"Executor {executorId} not found";

    private byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, _json);

    /// <summary>Forgets reads nobody asked for lately (under the lock).</summary>
    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, entry) in _entries.ToList())
        {
            if (entry.Read.IsCompleted && _time.GetElapsedTime(entry.LastUsed, now) > IdleEntryLifetime)
            {
                _entries.Remove(key);
            }
        }
    }

    public void Dispose()
    {
        _feedSubscription.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed class Entry(long sequence, Task<LiveSnapshot> read)
    {
        public long Sequence { get; } = sequence;

        public Task<LiveSnapshot> Read { get; } = read;

        public long LastUsed { get; set; }
    }
}
