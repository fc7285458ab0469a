namespace Executors.Domain.Positions;

/// <summary>
/// What a position hold is kept per: the account, the market (connector and pair) and the controller that owns it. Two
/// executors with the same key add to one position; a different controller on the same market holds its own.
/// </summary>
public sealed record PositionKey(string AccountName, string ConnectorName, string TradingPair, string ControllerId)
{
    /// <summary>The controller of an executor that names none, and of a lookup that names none (as Hummingbot API).</summary>
    public const string DefaultControllerId = Executors.ExecutorState.DefaultControllerId;

    /// <summary>The account a position lookup means when it names none (as Hummingbot API).</summary>
    public const string DefaultAccountName = Executors.ExecutorState.DefaultAccountName;
}
