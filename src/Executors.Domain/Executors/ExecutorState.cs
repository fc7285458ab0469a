using Executors.Domain.Common;
using Executors.Domain.Positions;

namespace Executors.Domain.Executors;

/// <summary>
/// What an executor is at one moment, as its engine reports it: market, life-cycle status, performance,
/// configuration. A value: two states are equal when every field is (configurations by their JSON, instants by the
/// moment they name). The <see cref="Executor"/> aggregate holds one and decides which may follow which;
/// <see cref="Violations"/> holds the rules every state obeys on its own.
/// </summary>
public sealed record ExecutorState
{
    /// <summary>The controller of an executor registered without one: hummingbot-api's default.</summary>
    public const string DefaultControllerId = "main";

    /// <summary>The account of an executor created without one: hummingbot-api's default.</summary>
    public const string DefaultAccountName = "master_account";

    public string? ExecutorType { get; init; }

    public string? AccountName { get; init; }

    public string? ConnectorName { get; init; }

    public string? TradingPair { get; init; }

    public ExecutorStatus Status { get; init; }

    public bool IsTrading { get; init; }

    public decimal NetPnlQuote { get; init; }

    public decimal NetPnlPct { get; init; }

    public decimal CumFeesQuote { get; init; }

    public decimal FilledAmountQuote { get; init; }

    public TradeSide? Side { get; init; }

    /// <summary>The engine's creation time of the executor (kept in UTC, as every instant here: the store holds UTC).</summary>
    public DateTimeOffset? Timestamp { get; init => field = value?.ToUniversalTime(); }

    /// <summary>When the executor record was created.</summary>
    public DateTimeOffset? CreatedAt { get; init => field = value?.ToUniversalTime(); }

    public CloseType? CloseType { get; init; }

    public DateTimeOffset? CloseTimestamp { get; init => field = value?.ToUniversalTime(); }

    /// <summary>
    /// The controller that spawned the executor: <see cref="DefaultControllerId"/> when the engine names none, as the
    /// original service's default (its per-agent isolation, its position holds and its filters all assume one).
    /// </summary>
    public string ControllerId { get; init => field = string.IsNullOrEmpty(value) ? DefaultControllerId : value; } = DefaultControllerId;

    public JsonObjectValue? Config { get; init; }

    public JsonObjectValue? CustomInfo { get; init; }

    /// <summary>Every status but <see cref="ExecutorStatus.Terminated"/> is active.</summary>
    public bool IsActive => Status != ExecutorStatus.Terminated;

    /// <summary>
    /// Every rule this state breaks on its own, each naming its field: the one list of the executor's value rules.
    /// Request validation reports them all at once; the aggregate refuses a state that breaks any.
    /// </summary>
    public IEnumerable<RuleViolation> Violations()
    {
        if (ExecutorType is not null && !ExecutorTypes.IsKnown(ExecutorType))
        {
            yield return new("executor_type", $"executor_type must be one of: {string.Join(", ", ExecutorTypes.All)}.");
        }

        foreach (var violation in Name(AccountName, "account_name", Executor.MaxAccountNameLength)
            .Concat(Name(ConnectorName, "connector_name", Executor.MaxConnectorNameLength))
            .Concat(Name(TradingPair, "trading_pair", Executor.MaxTradingPairLength))
            .Concat(Name(ControllerId, "controller_id", Executor.MaxControllerIdLength)))
        {
            yield return violation;
        }

        if (!Enum.IsDefined(Status))
        {
            yield return new("status", "status is not a known executor status.");
        }

        if (Side is { } side && !Enum.IsDefined(side))
        {
            yield return new("side", "side must be BUY, SELL or RANGE.");
        }

        if (CloseType is { } closeType && !Enum.IsDefined(closeType))
        {
            yield return new("close_type", "close_type is not a known close type.");
        }

        foreach (var violation in QuoteAmount(NetPnlQuote, "net_pnl_quote", mayBeNegative: true)
            .Concat(QuoteAmount(CumFeesQuote, "cum_fees_quote", mayBeNegative: false))
            .Concat(QuoteAmount(FilledAmountQuote, "filled_amount_quote", mayBeNegative: false)))
        {
            yield return violation;
        }

        if (Math.Abs(NetPnlPct) > Executor.MaxPercentMagnitude)
        {
            yield return new("net_pnl_pct", $"net_pnl_pct must lie between {-Executor.MaxPercentMagnitude:0} and {Executor.MaxPercentMagnitude:0}.");
        }

        if (Status == ExecutorStatus.Terminated)
        {
            if (CloseType is null)
            {
                yield return new("close_type", "A TERMINATED executor needs close_type.");
            }

            if (CloseTimestamp is null)
            {
                yield return new("close_timestamp", "A TERMINATED executor needs close_timestamp.");
            }

            if (IsTrading)
            {
                yield return new("is_trading", "A TERMINATED executor cannot be trading.");
            }
        }
        else
        {
            if (CloseType is not null)
            {
                yield return new("close_type", "close_type is only for a TERMINATED executor.");
            }

            if (CloseTimestamp is not null)
            {
                yield return new("close_timestamp", "close_timestamp is only for a TERMINATED executor.");
            }
        }

        if (CloseTimestamp is { } closed && Timestamp is { } started && closed < started)
        {
            yield return new("close_timestamp", "close_timestamp cannot be earlier than timestamp.");
        }

        // A terminal POSITION_HOLD report says what the executor leaves in its position, and whose position it is.
        foreach (var violation in HeldPositionReport.Violations(this))
        {
            yield return violation;
        }
    }

    /// <summary>A DomainException for the first rule broken, if any: the aggregate's defence against any caller.</summary>
    internal void EnsureValid()
    {
        foreach (var violation in Violations())
        {
            throw new DomainException(violation.Message);
        }
    }

    /// <summary>Names are absent or 1 to <paramref name="maxLength"/> characters: an empty name would be no name at all.</summary>
    private static IEnumerable<RuleViolation> Name(string? value, string field, int maxLength)
    {
        if (value is { Length: var length } && (length == 0 || length > maxLength))
        {
            yield return new(field, $"{field} must be 1-{maxLength} characters when given.");
        }
    }

    private static IEnumerable<RuleViolation> QuoteAmount(decimal amount, string field, bool mayBeNegative)
    {
        if (!mayBeNegative && amount < 0)
        {
            yield return new(field, $"{field} cannot be negative.");
        }

        if (Math.Abs(amount) >= Executor.MaxMoneyMagnitude)
        {
            yield return new(field, $"{field} must be smaller than {Executor.MaxMoneyMagnitude:0} in magnitude.");
        }
    }
}
