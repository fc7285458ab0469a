namespace Executors.Domain.Executors;

/// <summary>How an executor was closed: Hummingbot's <c>CloseType</c> vocabulary.</summary>
public enum CloseType
{
    TimeLimit = 1,
    StopLoss = 2,
    TakeProfit = 3,
    Expired = 4,
    EarlyStop = 5,
    TrailingStop = 6,
    InsufficientBalance = 7,
    Failed = 8,
    Completed = 9,
    PositionHold = 10,
}
