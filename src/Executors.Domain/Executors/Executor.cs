using System.Text.Json;
using Executors.Domain.Common;

namespace Executors.Domain.Executors;

/// <summary>
/// A trading executor as the engine last reported it: identity, market, life-cycle status, performance and errors.
/// State changes only through the methods below, each of which guards the rules of the life cycle.
/// </summary>
public sealed class Executor : IExecutorRecord
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

    // For EF Core materialization only.
    private Executor()
    {
        ExecutorId = string.Empty;
    }

    /// <summary>Surrogate database key; never leaves the service.</summary>
    public long Id { get; private set; }

    /// <summary>
    /// This record's version: 1 when registered, one more each time a write changes it (the store counts it; the ETag).
    /// A count of this record's own changes, so it tells a reader nothing about any other record.
    /// </summary>
    public long Version { get; private set; }

    public string ExecutorId { get; private set; }

    public string? ExecutorType { get; private set; }

    public string? AccountName { get; private set; }

    public string? ConnectorName { get; private set; }

    public string? TradingPair { get; private set; }

    public ExecutorStatus Status { get; private set; }

    /// <summary>Every status but <see cref="ExecutorStatus.Terminated"/> is active.</summary>
    public bool IsActive => Status != ExecutorStatus.Terminated;

    public bool IsTrading { get; private set; }

    public decimal NetPnlQuote { get; private set; }

    public decimal NetPnlPct { get; private set; }

    public decimal CumFeesQuote { get; private set; }

    public decimal FilledAmountQuote { get; private set; }

    public TradeSide? Side { get; private set; }

    /// <summary>The engine's creation timestamp of the executor.</summary>
    public DateTimeOffset? Timestamp { get; private set; }

    /// <summary>When the executor record was created.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    public CloseType? CloseType { get; private set; }

    public DateTimeOffset? CloseTimestamp { get; private set; }

    public string? ControllerId { get; private set; }

    /// <summary>The executor's configuration: a JSON object, kept as the engine sent it.</summary>
    public string? Config { get; private set; }

    /// <summary>Executor-specific information: a JSON object, kept as the engine sent it.</summary>
    public string? CustomInfo { get; private set; }

    /// <summary>ERROR-level log entries, oldest first.</summary>
    public IReadOnlyList<ExecutorErrorEntry> ErrorLog => _errorLog;

    /// <summary>Number of ERROR-level log entries captured (all of them, not just those still kept).</summary>
    public int ErrorCount { get; private set; }

    public string? LastError => LastErrorOf(_errorLog);

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
        string? customInfo = null)
    {
        if (!ExecutorIds.IsWellFormed(executorId))
        {
            throw new DomainException(
                $"executor_id must be 1-{ExecutorIds.MaxLength} letters, digits or '._:-'.");
        }

        if (executorType is not null && !ExecutorTypes.IsKnown(executorType))
        {
            throw new DomainException($"executor_type must be one of: {string.Join(", ", ExecutorTypes.All)}.");
        }

        if (side is { } s && !Enum.IsDefined(s))
        {
            throw new DomainException("side must be BUY, SELL or RANGE.");
        }

        return new Executor
        {
            ExecutorId = executorId,
            ExecutorType = executorType,
            AccountName = Bounded(accountName, MaxAccountNameLength, "account_name"),
            ConnectorName = Bounded(connectorName, MaxConnectorNameLength, "connector_name"),
            TradingPair = Bounded(tradingPair, MaxTradingPairLength, "trading_pair"),
            Side = side,
            ControllerId = Bounded(controllerId, MaxControllerIdLength, "controller_id"),
            Timestamp = timestamp?.ToUniversalTime(),
            CreatedAt = createdAt?.ToUniversalTime(),
            Config = JsonObjectOrNull(config, "config"),
            CustomInfo = JsonObjectOrNull(customInfo, "custom_info"),
            Status = ExecutorStatus.NotStarted,
            Version = 1,
        };
    }

    /// <summary>Registers a new executor directly in the reported state (the engine may report it mid-life).</summary>
    public static Executor FromReport(string executorId, ExecutorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var executor = Create(
            executorId,
            report.ExecutorType,
            report.AccountName,
            report.ConnectorName,
            report.TradingPair,
            report.Side,
            report.ControllerId,
            report.Timestamp,
            report.CreatedAt,
            report.Config,
            report.CustomInfo);
        executor.Advance(report);
        return executor;
    }

    /// <summary>
    /// Moves the executor to the reported state. The rules: a TERMINATED executor is final (the same report again is
    /// accepted and changes nothing); the status only moves forward; type, account, connector and trading pair are
    /// fixed at registration; close type and time come only with TERMINATED.
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool Apply(ExecutorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Status == ExecutorStatus.Terminated)
        {
            return Describes(report)
                ? false
                : throw new DomainException("A TERMINATED executor is final and cannot change.");
        }

        if (report.ExecutorType != ExecutorType || report.AccountName != AccountName
            || report.ConnectorName != ConnectorName || report.TradingPair != TradingPair)
        {
            throw new DomainException("executor_type, account_name, connector_name and trading_pair are fixed when the executor is registered.");
        }

        if (report.Status < Status)
        {
            throw new DomainException(
                $"Status can only move forward: {Vocabulary.ToCode(Status)} cannot become {Vocabulary.ToCode(report.Status)}.");
        }

        var before = Describes(report);
        if (report.Side is { } side && !Enum.IsDefined(side))
        {
            throw new DomainException("side must be BUY, SELL or RANGE.");
        }

        Side = report.Side;
        ControllerId = Bounded(report.ControllerId, MaxControllerIdLength, "controller_id");
        Timestamp = report.Timestamp?.ToUniversalTime();
        CreatedAt = report.CreatedAt?.ToUniversalTime();
        if (!JsonEquals(Config, report.Config))
        {
            Config = JsonObjectOrNull(report.Config, "config");
        }

        if (!JsonEquals(CustomInfo, report.CustomInfo))
        {
            CustomInfo = JsonObjectOrNull(report.CustomInfo, "custom_info");
        }

        Advance(report);
        return !before;
    }

    /// <summary>NOT_STARTED → RUNNING.</summary>
    public void Start() => MoveTo(ExecutorStatus.Running);

    /// <summary>NOT_STARTED or RUNNING → SHUTTING_DOWN.</summary>
    public void BeginShutdown() => MoveTo(ExecutorStatus.ShuttingDown);

    /// <summary>Closes the executor for good: records how and when, and stops trading.</summary>
    public void Terminate(CloseType closeType, DateTimeOffset closedAt)
    {
        EnsureNotFinal();
        if (!Enum.IsDefined(closeType))
        {
            throw new DomainException("close_type is not a known close type.");
        }

        if (Timestamp is { } started && closedAt < started)
        {
            throw new DomainException("close_timestamp cannot be earlier than timestamp.");
        }

        MoveTo(ExecutorStatus.Terminated);
        IsTrading = false;
        CloseType = closeType;
        CloseTimestamp = closedAt.ToUniversalTime();
    }

    /// <summary>The engine's latest performance figures.</summary>
    public void ReportPerformance(
        decimal netPnlQuote,
        decimal netPnlPct,
        decimal cumFeesQuote,
        decimal filledAmountQuote,
        bool isTrading)
    {
        EnsureNotFinal();

        if (cumFeesQuote < 0)
        {
            throw new DomainException("cum_fees_quote cannot be negative.");
        }

        if (Math.Abs(netPnlQuote) >= MaxMoneyMagnitude || cumFeesQuote >= MaxMoneyMagnitude || filledAmountQuote >= MaxMoneyMagnitude)
        {
            throw new DomainException("Quote amounts must be smaller than 10^12 in magnitude.");
        }

        if (Math.Abs(netPnlPct) > MaxPercentMagnitude)
        {
            throw new DomainException("net_pnl_pct must lie between -1,000,000 and 1,000,000.");
        }

        if (filledAmountQuote < 0)
        {
            throw new DomainException("filled_amount_quote cannot be negative.");
        }

        NetPnlQuote = netPnlQuote;
        NetPnlPct = netPnlPct;
        CumFeesQuote = cumFeesQuote;
        FilledAmountQuote = filledAmountQuote;
        IsTrading = isTrading;
    }

    public void UpdateCustomInfo(string? customInfo)
    {
        EnsureNotFinal();
        CustomInfo = JsonObjectOrNull(customInfo, "custom_info");
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
            Bounded(message, MaxErrorMessageLength, "message")!,
            Bounded(exceptionInfo, MaxExceptionInfoLength, "exception_info"));

        // Keep the log ordered by time so that the last entry is the most recent error, whatever the arrival order,
        // and bounded: the oldest entries go first.
        var index = _errorLog.FindLastIndex(existing => existing.Timestamp <= entry.Timestamp);
        _errorLog.Insert(index + 1, entry);
        if (_errorLog.Count > MaxErrorLogEntries)
        {
            _errorLog.RemoveRange(0, _errorLog.Count - MaxErrorLogEntries);
        }

        ErrorCount++;
    }

    /// <summary>Performance, then status (forward), then the close: the order in which an executor lives them.</summary>
    private void Advance(ExecutorReport report)
    {
        if (report.Status != ExecutorStatus.Terminated && (report.CloseType is not null || report.CloseTimestamp is not null))
        {
            throw new DomainException("close_type and close_timestamp exist only once the executor is TERMINATED.");
        }

        if (report.Status == ExecutorStatus.Terminated && report.IsTrading)
        {
            throw new DomainException("A TERMINATED executor cannot be trading.");
        }

        ReportPerformance(report.NetPnlQuote, report.NetPnlPct, report.CumFeesQuote, report.FilledAmountQuote, report.IsTrading);
        if (report.Status == ExecutorStatus.Terminated)
        {
            if (report.CloseType is not { } closeType || report.CloseTimestamp is not { } closedAt)
            {
                throw new DomainException("A TERMINATED executor needs close_type and close_timestamp.");
            }

            Terminate(closeType, closedAt);
        }
        else if (report.Status > Status)
        {
            MoveTo(report.Status);
        }
    }

    /// <summary>Whether the report says exactly what this executor already is.</summary>
    private bool Describes(ExecutorReport report) =>
        report.ExecutorType == ExecutorType && report.AccountName == AccountName && report.ConnectorName == ConnectorName
        && report.TradingPair == TradingPair && report.Status == Status && report.IsTrading == IsTrading
        && report.NetPnlQuote == NetPnlQuote && report.NetPnlPct == NetPnlPct && report.CumFeesQuote == CumFeesQuote
        && report.FilledAmountQuote == FilledAmountQuote && report.Side == Side && report.Timestamp == Timestamp
        && report.CreatedAt == CreatedAt && report.CloseType == CloseType && report.CloseTimestamp == CloseTimestamp
        && report.ControllerId == ControllerId && JsonEquals(report.Config, Config) && JsonEquals(report.CustomInfo, CustomInfo);

    /// <summary>Same JSON value, whatever the spacing or key order the store or the engine wrote it with.</summary>
    private static bool JsonEquals(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (string.Equals(left, right, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            using var a = JsonDocument.Parse(left);
            using var b = JsonDocument.Parse(right);
            return JsonElement.DeepEquals(a.RootElement, b.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A TERMINATED executor is a closed record: its figures, errors and information never change again (which is
    /// also what lets readers cache it).
    /// </summary>
    private void EnsureNotFinal()
    {
        if (Status == ExecutorStatus.Terminated)
        {
            throw new DomainException("A TERMINATED executor is final and cannot change.");
        }
    }

    private void MoveTo(ExecutorStatus next)
    {
        EnsureNotFinal();

        if (next <= Status)
        {
            throw new DomainException(
                $"Status can only move forward: {Vocabulary.ToCode(Status)} cannot become " +
                $"{Vocabulary.ToCode(next)}.");
        }

        Status = next;
    }

    private static string? Bounded(string? value, int maxLength, string field) =>
        value is { Length: var length } && length > maxLength
            ? throw new DomainException($"{field} cannot be longer than {maxLength} characters.")
            : value;

    private static string? JsonObjectOrNull(string? json, string field)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DomainException($"{field} must be a JSON object.");
            }
        }
        catch (JsonException exception)
        {
            throw new DomainException($"{field} must be a JSON object.", exception);
        }

        return json;
    }
}
