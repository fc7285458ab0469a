using Executors.Domain.Common;
using Executors.Domain.Positions;

namespace Executors.Domain.Executors;

/// <summary>
/// A trading executor: its identity, the <see cref="ExecutorState"/> its engine last reported, and the errors it
/// logged. The state changes only through the methods below, which guard the life cycle (a TERMINATED executor is
/// final, the status only moves forward, the market is fixed at registration); the state itself guards its values.
/// </summary>
public sealed class Executor
{
    public const int MaxExecutorTypeLength = 64;
    public const int MaxAccountNameLength = 256;
    public const int MaxConnectorNameLength = 128;
    public const int MaxTradingPairLength = 64;
    public const int MaxControllerIdLength = 256;
    public const int MaxErrorMessageLength = 4_000;
    public const int MaxExceptionInfoLength = 16_000;

    /// <summary>
    /// The largest magnitude of a quote amount (PnL, fees, volume): a trillion units of the quote currency, far beyond
    /// any executor's, and small enough that sums over any realistic number of executors fit a decimal with 8 decimal
    /// places (the summary's totals; docs/adr/0012-concurrent-writes.md). Exclusive.
    /// </summary>
    public const decimal MaxMoneyMagnitude = 1_000_000_000_000m;

    /// <summary>The largest magnitude of a PnL percentage (a 10,000-fold gain), inclusive.</summary>
    public const decimal MaxPercentMagnitude = 1_000_000m;

    /// <summary>The most recent errors kept on the record; <see cref="ErrorCount"/> counts every one ever captured.</summary>
    public const int MaxErrorLogEntries = 100;

    private readonly List<ExecutorErrorEntry> _errorLog = [];
    private HeldPosition? _heldPosition;

    // For EF Core materialization only.
    private Executor()
    {
        ExecutorId = string.Empty;
        State = new ExecutorState();
    }

    /// <summary>Surrogate database key; never leaves the service.</summary>
    public long Id { get; private set; }

    /// <summary>
    /// This record's version: 1 when registered, one more each time a write changes it (the store counts it; the ETag).
    /// A count of this record's own changes, so it tells a reader nothing about any other record.
    /// </summary>
    public long Version { get; private set; }

    public string ExecutorId { get; private set; }

    /// <summary>What the executor is now: everything its engine reports.</summary>
    public ExecutorState State { get; private set; }

    /// <summary>Every status but <see cref="ExecutorStatus.Terminated"/> is active.</summary>
    public bool IsActive => State.IsActive;

    /// <summary>ERROR-level log entries, oldest first.</summary>
    public IReadOnlyList<ExecutorErrorEntry> ErrorLog => _errorLog;

    /// <summary>Number of ERROR-level log entries captured (all of them, not just those still kept).</summary>
    public int ErrorCount { get; private set; }

    public string? LastError => LastErrorOf(_errorLog);

    /// <summary>
    /// When a stop was requested through the API, or <see langword="null"/> if none was. The aggregate's own command
    /// state, not part of <see cref="State"/> (what the engine reports): a report never erases it.
    /// </summary>
    public DateTimeOffset? StopRequestedAt { get; private set; }

    /// <summary>The recorded stop request's keep_position (<see langword="null"/> exactly when no stop was requested).</summary>
    public bool? StopKeepPosition { get; private set; }

    /// <summary>The stop requested for this executor, if any: what an engine running it must do.</summary>
    public ExecutorStopRequest? StopRequest =>
        StopRequestedAt is { } at && StopKeepPosition is { } keepPosition ? new ExecutorStopRequest(at, keepPosition) : null;

    /// <summary>
    /// What this executor leaves in a position hold, once: the instance that moved it to (or registered it in)
    /// TERMINATED with POSITION_HOLD hands it out on the first call, and <see langword="null"/> after that and on every
    /// other instance, including one read back later. Not stored: the writer folds it into the position in the same unit
    /// of work, so it counts exactly once — the terminal state is final, and repeating it changes nothing.
    /// </summary>
    public HeldPosition? TakeHeldPosition()
    {
        var held = _heldPosition;
        _heldPosition = null;
        return held;
    }

    /// <summary>The most recent message of an error log kept in time order.</summary>
    public static string? LastErrorOf(IReadOnlyList<ExecutorErrorEntry> errorLog)
    {
        ArgumentNullException.ThrowIfNull(errorLog);
        return errorLog.Count == 0 ? null : errorLog[^1].Message;
    }

    /// <summary>Registers a new executor, <see cref="ExecutorStatus.NotStarted"/>, with no performance yet.</summary>
    public static Executor Create(
        string executorId,
        string? executorType,
        string? accountName,
        string? connectorName,
        string? tradingPair,
        TradeSide? side = null,
        string? controllerId = null,
        DateTimeOffset? timestamp = null,
        DateTimeOffset? createdAt = null,
        string? config = null,
        string? customInfo = null) =>
        Register(executorId, new ExecutorState
        {
            ExecutorType = executorType,
            AccountName = accountName,
            ConnectorName = connectorName,
            TradingPair = tradingPair,
            Side = side,
            ControllerId = controllerId ?? ExecutorState.DefaultControllerId,
            Timestamp = timestamp,
            CreatedAt = createdAt,
            Config = config is null ? null : JsonObjectValue.Parse(config, "config"),
            CustomInfo = customInfo is null ? null : JsonObjectValue.Parse(customInfo, "custom_info"),
            Status = ExecutorStatus.NotStarted,
        });

    /// <summary>Registers a new executor in the state its engine reports (which may be mid-life, or even closed).</summary>
    public static Executor Register(string executorId, ExecutorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!ExecutorIds.IsWellFormed(executorId))
        {
            throw new DomainException($"executor_id must be 1-{ExecutorIds.MaxLength} letters, digits or '._:-', and not a route name.");
        }

        state.EnsureValid();
        return new Executor { ExecutorId = executorId, State = state, Version = 1, _heldPosition = HeldPositionReport.Of(executorId, state) };
    }

    /// <summary>
    /// Moves the executor to the reported state, if the life cycle allows it. The same state again is accepted and
    /// changes nothing, even once TERMINATED (an engine may repeat its last report).
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool Apply(ExecutorState reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (reported == State)
        {
            return false;
        }

        MoveTo(reported);
        return true;
    }

    /// <summary>NOT_STARTED → RUNNING.</summary>
    public void Start() => MoveTo(State with { Status = ExecutorStatus.Running }, forward: true);

    /// <summary>NOT_STARTED or RUNNING → SHUTTING_DOWN.</summary>
    public void BeginShutdown() => MoveTo(State with { Status = ExecutorStatus.ShuttingDown }, forward: true);

    /// <summary>Closes the executor for good: records how and when, and stops trading.</summary>
    public void Terminate(CloseType closeType, DateTimeOffset closedAt) =>
        MoveTo(State with { Status = ExecutorStatus.Terminated, IsTrading = false, CloseType = closeType, CloseTimestamp = closedAt });

    /// <summary>
    /// Records a request to stop this executor; the engine running it reads it and closes the executor (EARLY_STOP, or
    /// POSITION_HOLD with <paramref name="keepPosition"/>). A NOT_STARTED executor has no engine yet, so nothing is left
    /// to stop: it is closed at once, TERMINATED with EARLY_STOP at <paramref name="at"/> (it never opened a position,
    /// so there is nothing to keep). Asking again for the same stop changes nothing; asking for a different one is refused
    /// (a stop, once requested, is what the engine acts on). A TERMINATED executor without that request cannot be stopped.
    /// </summary>
    /// <returns>Whether anything changed (<see langword="false"/>: the same stop was requested before).</returns>
    public bool RequestStop(bool keepPosition, DateTimeOffset at)
    {
        if (StopRequest is { } recorded)
        {
            return recorded.KeepPosition == keepPosition
                ? false
                : throw new DomainException(
                    $"A stop with keep_position={(recorded.KeepPosition ? "true" : "false")} was already requested for this executor; it cannot be changed.");
        }

        if (!IsActive)
        {
            throw new DomainException("A TERMINATED executor is already closed: there is nothing to stop.");
        }

        var requestedAt = at.ToUniversalTime();
        if (State.Status == ExecutorStatus.NotStarted)
        {
            Terminate(CloseType.EarlyStop, requestedAt);
        }

        StopRequestedAt = requestedAt;
        StopKeepPosition = keepPosition;
        return true;
    }

    /// <summary>The engine's latest performance figures.</summary>
    public void ReportPerformance(decimal netPnlQuote, decimal netPnlPct, decimal cumFeesQuote, decimal filledAmountQuote, bool isTrading) =>
        MoveTo(State with
        {
            NetPnlQuote = netPnlQuote,
            NetPnlPct = netPnlPct,
            CumFeesQuote = cumFeesQuote,
            FilledAmountQuote = filledAmountQuote,
            IsTrading = isTrading,
        });

    public void UpdateCustomInfo(string? customInfo) =>
        MoveTo(State with { CustomInfo = customInfo is null ? null : JsonObjectValue.Parse(customInfo, "custom_info") });

    /// <summary>
    /// An entry of the executor's log. Its log is open while the executor is active; an ERROR entry also counts in
    /// <see cref="ErrorCount"/> and becomes <see cref="LastError"/> if it is the latest.
    /// </summary>
    public ExecutorLogEntry Log(DateTimeOffset timestamp, ExecutorLogLevel level, string message, string? exceptionInfo)
    {
        if (!IsActive)
        {
            throw new DomainException("A TERMINATED executor is final: its log is closed.");
        }

        var entry = ExecutorLogEntry.Create(ExecutorId, timestamp, level, message, exceptionInfo);
        if (level == ExecutorLogLevel.Error)
        {
            RecordError(timestamp, message, exceptionInfo);
        }

        return entry;
    }

    /// <summary>Adds an ERROR-level log entry; <see cref="ErrorCount"/> and <see cref="LastError"/> follow from it.</summary>
    public void RecordError(DateTimeOffset timestamp, string message, string? exceptionInfo = null)
    {
        EnsureNotFinal();
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new DomainException("An error entry needs a message.");
        }

        var entry = new ExecutorErrorEntry(
            timestamp.ToUniversalTime(),
            Bounded(message, MaxErrorMessageLength, "message"),
            exceptionInfo is null ? null : Bounded(exceptionInfo, MaxExceptionInfoLength, "exc_info"));

        // Ordered by time, so that the last entry is the most recent error whatever the arrival order, and bounded:
        // the oldest entries go first.
        var index = _errorLog.FindLastIndex(existing => existing.Timestamp <= entry.Timestamp);
        _errorLog.Insert(index + 1, entry);
        if (_errorLog.Count > MaxErrorLogEntries)
        {
            _errorLog.RemoveRange(0, _errorLog.Count - MaxErrorLogEntries);
        }

        ErrorCount++;
    }

    /// <summary>
    /// The life cycle's rules between this state and the next: a TERMINATED executor is final (its figures, errors
    /// and information never change again, which is also what lets readers cache it); the status never moves back
    /// (nor stays put when <paramref name="forward"/> asks for a step); the market is fixed at registration. Then the
    /// next state's own rules.
    /// </summary>
    private void MoveTo(ExecutorState next, bool forward = false)
    {
        EnsureNotFinal();
        if (next.ExecutorType != State.ExecutorType || next.AccountName != State.AccountName
            || next.ConnectorName != State.ConnectorName || next.TradingPair != State.TradingPair)
        {
            throw new DomainException("executor_type, account_name, connector_name and trading_pair are fixed when the executor is registered.");
        }

        if (next.Status < State.Status || (forward && next.Status == State.Status))
        {
            throw new DomainException(
                $"Status can only move forward: {WireCodes.ToCode(State.Status)} cannot become {WireCodes.ToCode(next.Status)}.");
        }

        next.EnsureValid();
        State = next;
        if (!next.IsActive)
        {
            _heldPosition = HeldPositionReport.Of(ExecutorId, next);
        }
    }

    private void EnsureNotFinal()
    {
        if (!IsActive)
        {
            throw new DomainException("A TERMINATED executor is final and cannot change.");
        }
    }

    private static string Bounded(string value, int maxLength, string field) =>
        value.Length > maxLength
            ? throw new DomainException($"{field} cannot be longer than {maxLength} characters.")
            : value;
}
