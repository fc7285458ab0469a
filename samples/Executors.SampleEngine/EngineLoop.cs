using System.Globalization;
using System.Text.Json;
using Executors.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.SampleEngine;

/// <summary>What one pass did.</summary>
/// <param name="ApiReachable">False when the API could not be reached (or answered 5xx/429): nothing was done, try later.</param>
/// <param name="Running">Executors the engine holds and ran in this pass.</param>
/// <param name="Claimed">Executors newly claimed in this pass.</param>
/// <param name="Closed">Executors closed (reported TERMINATED) in this pass.</param>
public sealed record EnginePass(bool ApiReachable, int Running, int Claimed, int Closed);

/// <summary>
/// The engine's work, one pass at a time (<see cref="RunOnceAsync"/>): on the first pass it lists what it already
/// holds (after its own restart), then every pass heartbeats its leases, claims new executors, and advances each
/// executor it holds one tick on its simulated price path, reporting the whole state. Stop requests close an executor
/// (EARLY_STOP, or POSITION_HOLD with keep_position): at once when one is pushed (<see cref="ApplyStopsAsync"/>, fed by
/// the stop stream), and on every pass from the held list as the fallback. Only the generated client (and its stream
/// client) is used. A pass and a pushed stop take turns.
/// </summary>
public sealed partial class EngineLoop : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    private readonly IExecutorsApiClient _client;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineLoop> _logger;
    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool _resumed;

    public EngineLoop(IExecutorsApiClient client, IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public string EngineId => _options.EngineId;

    public void Dispose() => _turn.Dispose();

    /// <summary>The executors this engine is running now (as of its last pass).</summary>
    public IReadOnlyCollection<string> RunningExecutorIds => [.. _runs.Keys];

    /// <summary>One heartbeat / claim / tick pass. Never throws for an unreachable API; only for <paramref name="cancellationToken"/>.</summary>
    public async Task<EnginePass> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PassAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Closes at once the executors this engine holds whose stop was asked for (only <paramref name="executorId"/> when
    /// given: a pushed stop), without waiting for the next pass. The stop is read back from the engine's held list, so
    /// a stale or repeated push does nothing and the executor is still this engine's. Returns how many were closed.
    /// Never throws for an unreachable API (the next pass sees the stop); only for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<int> ApplyStopsAsync(string? executorId, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var held = await _client.GetEngineExecutorsAsync(EngineId, cancellationToken).ConfigureAwait(false);
            var closed = 0;
            foreach (var entry in held.Executors)
            {
                if (entry.StopRequestedAt is null || (executorId is not null && entry.Executor.ExecutorId != executorId) || entry.LeaseExpired)
                {
                    continue;
                }

                try
                {
                    if (await StepAsync(entry, cancellationToken).ConfigureAwait(false))
                    {
                        closed++;
                        LogPushedStop(EngineId, entry.Executor.ExecutorId);
                    }
                }
                catch (ExecutorsApiException exception) when (!IsTransient(exception, cancellationToken))
                {
                    _runs.Remove(entry.Executor.ExecutorId);
                    LogRefused(EngineId, entry.Executor.ExecutorId, exception.StatusCode, exception.Detail ?? exception.Message);
                }
            }

            return closed;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            LogUnreachable(EngineId, Describe(exception));
            return 0;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<EnginePass> PassAsync(CancellationToken cancellationToken)
    {
        EngineExecutorsResponse renewed;
        EngineExecutorsResponse claimed;
        try
        {
            if (!_resumed)
            {
                var held = await _client.GetEngineExecutorsAsync(EngineId, cancellationToken).ConfigureAwait(false);
                foreach (var entry in held.Executors)
                {
                    LogResuming(EngineId, entry.Executor.ExecutorId, entry.LeaseExpired);
                    _runs.TryAdd(entry.Executor.ExecutorId, Run.From(entry.Executor, _options));
                }

                _resumed = true;
            }

            renewed = await _client.RenewLeasesAsync(EngineId, cancellationToken).ConfigureAwait(false);
            claimed = await _client.ClaimExecutorsAsync(EngineId, new ClaimExecutorsRequest { Limit = _options.ClaimLimit }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            LogUnreachable(EngineId, Describe(exception));
            return new EnginePass(false, _runs.Count, 0, 0);
        }

        var current = new Dictionary<string, EngineExecutorResponse>(StringComparer.Ordinal);
        foreach (var entry in renewed.Executors.Concat(claimed.Executors))
        {
            current[entry.Executor.ExecutorId] = entry;
        }

        // An executor the heartbeat no longer answers was taken over (our lease ran out) or closed: stop running it.
        foreach (var id in _runs.Keys.Where(id => !current.ContainsKey(id)).ToList())
        {
            _runs.Remove(id);
            LogLost(EngineId, id);
        }

        var closed = 0;
        foreach (var entry in current.Values)
        {
            try
            {
                if (await StepAsync(entry, cancellationToken).ConfigureAwait(false))
                {
                    closed++;
                }
            }
            catch (Exception exception) when (IsTransient(exception, cancellationToken))
            {
                LogUnreachable(EngineId, Describe(exception));
                return new EnginePass(false, _runs.Count, claimed.Executors.Count, closed);
            }
            catch (ExecutorsApiException exception)
            {
                // 4xx: the API refuses this report (closed meanwhile, changed by someone else…): drop it; if it is still
                // ours, the next heartbeat answers it again and it starts over from its record.
                _runs.Remove(entry.Executor.ExecutorId);
                LogRefused(EngineId, entry.Executor.ExecutorId, exception.StatusCode, exception.Detail ?? exception.Message);
            }
        }

        return new EnginePass(true, _runs.Count, claimed.Executors.Count, closed);
    }

    /// <summary>Advances one executor a tick, or closes it; true when it was closed.</summary>
    private async Task<bool> StepAsync(EngineExecutorResponse entry, CancellationToken cancellationToken)
    {
        var record = entry.Executor;
        if (!_runs.TryGetValue(record.ExecutorId, out var run))
        {
            // Claimed: a new executor, or one another engine ran until it stopped reporting (its lease ran out).
            run = Run.From(record, _options);
            _runs.Add(record.ExecutorId, run);
            if (record.Status != "NOT_STARTED")
            {
                LogTakingOver(EngineId, record.ExecutorId, record.Status);
            }
        }

        if (record.Status == "SHUTTING_DOWN" && entry.StopRequestedAt is null)
        {
            // Its engine was closing it when it stopped reporting: the status cannot go back to RUNNING, so finish the close.
            await CloseAsync(record, run, "EARLY_STOP", "it was shutting down when its engine stopped reporting", cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (entry.StopRequestedAt is not null)
        {
            var keep = entry.KeepPosition == true;
            if (keep && (record.AccountName is null || record.ConnectorName is null || record.TradingPair is null))
            {
                LogNoPositionToKeep(EngineId, record.ExecutorId);
                keep = false;
            }

            await CloseAsync(record, run, keep ? "POSITION_HOLD" : "EARLY_STOP", "stop requested", cancellationToken).ConfigureAwait(false);
            return true;
        }

        run.Ticks++;
        if (_options.CloseAfterTicks > 0 && run.Ticks >= _options.CloseAfterTicks)
        {
            // By the PnL of the close, the exit's fee included.
            var closeType = ClosingFill(record.ExecutorId, run, holdPosition: false).NetPnlQuote > 0 ? "TAKE_PROFIT" : "STOP_LOSS";
            await CloseAsync(record, run, closeType, $"closed after {run.Ticks} ticks", cancellationToken).ConfigureAwait(false);
            return true;
        }

        var fill = run.At(run.Ticks, record.ExecutorId);
        await _client.PutExecutorAsync(record.ExecutorId, State(record, run, fill, "RUNNING", closeType: null), cancellationToken).ConfigureAwait(false);
        if (run.Ticks == 1 || (_options.LogEveryTicks > 0 && run.Ticks % _options.LogEveryTicks == 0))
        {
            var message = run.Ticks == 1
                ? $"Engine {EngineId} {(run.WasRunning ? "resumed" : "started")} the executor (paper trading) at {fill.Price.ToString(CultureInfo.InvariantCulture)}"
                : $"Tick {run.Ticks}: price {fill.Price.ToString(CultureInfo.InvariantCulture)}, net PnL {fill.NetPnlQuote.ToString(CultureInfo.InvariantCulture)}";
            await AppendLogAsync(record.ExecutorId, "INFO", message, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task CloseAsync(ExecutorDetailResponse record, Run run, string closeType, string why, CancellationToken cancellationToken)
    {
        var fill = ClosingFill(record.ExecutorId, run, holdPosition: closeType == "POSITION_HOLD");

        // Logged first: a TERMINATED executor is final, its log included.
        await AppendLogAsync(record.ExecutorId, "INFO", $"Closing with {closeType} ({why}), net PnL {fill.NetPnlQuote.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        await _client.PutExecutorAsync(record.ExecutorId, State(record, run, fill, "TERMINATED", closeType), cancellationToken).ConfigureAwait(false);
        _runs.Remove(record.ExecutorId);
        LogClosed(EngineId, record.ExecutorId, closeType);
    }

    /// <summary>The numbers of a close at the current tick: a held position stays as it is; otherwise it is sold back.</summary>
    private Fill ClosingFill(string executorId, Run run, bool holdPosition)
    {
        var fill = run.At(run.Ticks, executorId);
        if (!holdPosition && fill.BaseAmount > 0)
        {
            // The position is closed at the current price: the exit adds its volume and its fee.
            var exitQuote = decimal.Round(fill.BaseAmount * fill.Price, 8);
            var exitFee = decimal.Round(exitQuote * _options.FeeRate, 8);
            fill = fill with
            {
                FilledAmountQuote = fill.FilledAmountQuote + exitQuote,
                FeesQuote = fill.FeesQuote + exitFee,
                NetPnlQuote = fill.NetPnlQuote - exitFee,
                NetPnlPct = run.AmountQuote == 0 ? 0 : decimal.Round((fill.NetPnlQuote - exitFee) / run.AmountQuote, 8),
            };
        }

        return fill;
    }

    private ExecutorStateRequest State(ExecutorDetailResponse record, Run run, Fill fill, string status, string? closeType)
    {
        var now = _time.GetUtcNow();
        var info = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["engine_id"] = EngineId,
            ["simulated"] = true,
            ["ticks"] = run.Ticks,
            ["entry_price"] = fill.EntryPrice,
            ["current_price"] = fill.Price,
            ["filled_amount_base"] = fill.BaseAmount,
            ["updated_at"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        if (closeType == "POSITION_HOLD")
        {
            // The fills the position hold is made of (docs/contract.md "Position holds").
            info["held_position_orders"] = new[]
            {
                new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["trade_type"] = run.IsSell ? "SELL" : "BUY",
                    ["executed_amount_base"] = fill.BaseAmount,
                    ["executed_amount_quote"] = fill.FilledAmountQuote,
                    ["cumulative_fee_paid_quote"] = fill.FeesQuote,
                },
            };
        }

        return new ExecutorStateRequest
        {
            ExecutorId = record.ExecutorId,
            ExecutorType = record.ExecutorType,
            AccountName = record.AccountName,
            ConnectorName = record.ConnectorName,
            TradingPair = record.TradingPair,
            ControllerId = record.ControllerId,
            Status = status,
            IsTrading = status == "RUNNING" && fill.BaseAmount > 0,
            NetPnlQuote = fill.NetPnlQuote,
            NetPnlPct = fill.NetPnlPct,
            CumFeesQuote = fill.FeesQuote,
            FilledAmountQuote = fill.FilledAmountQuote,
            Side = record.Side,
            Timestamp = record.Timestamp,
            CreatedAt = record.CreatedAt,
            CloseType = closeType,
            CloseTimestamp = closeType is null ? null : now.ToUnixTimeMilliseconds() / 1000m,
            Config = record.Config,
            CustomInfo = JsonSerializer.SerializeToElement(info, Json),
        };
    }

    private async Task AppendLogAsync(string executorId, string level, string message, CancellationToken cancellationToken)
    {
        try
        {
            await _client.AppendExecutorLogsAsync(executorId, new AppendExecutorLogsRequest
            {
                Entries = [new LogEntryRequest { Timestamp = _time.GetUtcNow(), Level = level, Message = message }],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ExecutorsApiException || IsTransient(exception, cancellationToken))
        {
            // A lost log line is not worth stopping the executor for.
            LogLogFailed(EngineId, executorId, Describe(exception));
        }
    }

    /// <summary>The API is down, overloaded or slow: 5xx, 429, 408, no connection, or the client's timeout.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        ExecutorsApiException api => api.StatusCode is >= 500 or 429 or 408,
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Describe(Exception exception) => exception switch
    {
        ExecutorsApiException api => $"HTTP {api.StatusCode}: {api.Detail ?? "no detail"}",
        OperationCanceledException => "timed out",
        _ => exception.Message,
    };

    [LoggerMessage(LogLevel.Information, "Engine {EngineId} acted on the stop of executor {ExecutorId} at once (pushed)")]
    private partial void LogPushedStop(string engineId, string executorId);

    [LoggerMessage(LogLevel.Information, "Engine {EngineId} resumes executor {ExecutorId} (lease expired: {LeaseExpired})")]
    private partial void LogResuming(string engineId, string executorId, bool leaseExpired);

    [LoggerMessage(LogLevel.Information, "Engine {EngineId} takes over executor {ExecutorId} ({Status}): the engine that ran it stopped reporting")]
    private partial void LogTakingOver(string engineId, string executorId, string status);

    [LoggerMessage(LogLevel.Warning, "Engine {EngineId}: the API is unavailable ({Reason}); retrying on the next pass")]
    private partial void LogUnreachable(string engineId, string reason);

    [LoggerMessage(LogLevel.Warning, "Engine {EngineId} no longer holds executor {ExecutorId} (its lease was taken over or it was closed)")]
    private partial void LogLost(string engineId, string executorId);

    [LoggerMessage(LogLevel.Error, "Engine {EngineId}: the API refused the report of executor {ExecutorId} with {StatusCode}: {Detail}")]
    private partial void LogRefused(string engineId, string executorId, int statusCode, string detail);

    [LoggerMessage(LogLevel.Warning, "Engine {EngineId}: executor {ExecutorId} names no account, connector or pair to hold a position on; closing with EARLY_STOP")]
    private partial void LogNoPositionToKeep(string engineId, string executorId);

    [LoggerMessage(LogLevel.Information, "Engine {EngineId} closed executor {ExecutorId} with {CloseType}")]
    private partial void LogClosed(string engineId, string executorId, string closeType);

    [LoggerMessage(LogLevel.Warning, "Engine {EngineId}: a log entry of executor {ExecutorId} was not recorded ({Reason})")]
    private partial void LogLogFailed(string engineId, string executorId, string reason);

    /// <summary>The simulated numbers at one tick.</summary>
    private sealed record Fill(decimal EntryPrice, decimal Price, decimal BaseAmount, decimal FilledAmountQuote, decimal FeesQuote, decimal NetPnlQuote, decimal NetPnlPct);

    /// <summary>What the engine keeps of an executor it runs: its tick count and the inputs of its simulation.</summary>
    private sealed class Run
    {
        public long Ticks { get; set; }

        public decimal BasePrice { get; init; }

        public decimal AmountQuote { get; init; }

        public decimal FeeRate { get; init; }

        public bool IsSell { get; init; }

        /// <summary>Already RUNNING when this engine took it (its previous engine stopped reporting).</summary>
        public bool WasRunning { get; init; }

        /// <summary>From the record: after a restart (or a takeover) the tick count goes on from the last report.</summary>
        public static Run From(ExecutorDetailResponse record, EngineOptions options)
        {
            var config = record.Config is { ValueKind: JsonValueKind.Object } c ? c : (JsonElement?)null;
            var basePrice = Number(config, "entry_price") ?? Number(config, "price") ?? Number(config, "start_price")
                ?? PricePath.BasePriceFor(record.ExecutorId);
            var amountQuote = Number(config, "total_amount_quote")
                ?? (Number(config, "amount") is { } baseAmount ? decimal.Round(baseAmount * basePrice, 8) : (decimal?)null)
                ?? Number(config, "order_amount") * basePrice
                ?? options.DefaultAmountQuote;
            var info = record.CustomInfo is { ValueKind: JsonValueKind.Object } i ? i : (JsonElement?)null;
            var ticks = info is { } ci && ci.TryGetProperty("ticks", out var t) && t.TryGetInt64(out var n) && n >= 0 ? n : 0;
            return new Run
            {
                Ticks = ticks,
                BasePrice = basePrice > 0 ? basePrice : PricePath.BasePriceFor(record.ExecutorId),
                AmountQuote = amountQuote > 0 ? amountQuote : options.DefaultAmountQuote,
                FeeRate = options.FeeRate,
                IsSell = record.Side == "SELL",
                WasRunning = record.Status == "RUNNING",
            };
        }

        /// <summary>Entered at tick 1's open (the entry price is tick 0's), marked to the price of <paramref name="tick"/>.</summary>
        public Fill At(long tick, string executorId)
        {
            var entry = PricePath.PriceAt(executorId, 0, BasePrice);
            var price = PricePath.PriceAt(executorId, tick, BasePrice);
            if (tick == 0)
            {
                return new Fill(entry, price, 0, 0, 0, 0, 0);
            }

            var baseAmount = decimal.Round(AmountQuote / entry, 12);
            var fees = decimal.Round(AmountQuote * FeeRate, 8);
            var gross = baseAmount * (price - entry) * (IsSell ? -1 : 1);
            var net = decimal.Round(gross - fees, 8);
            return new Fill(entry, price, baseAmount, AmountQuote, fees, net, decimal.Round(net / AmountQuote, 8));
        }

        private static decimal? Number(JsonElement? config, string name)
        {
            if (config is not { } c || !c.TryGetProperty(name, out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
                JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            };
        }
    }
}
