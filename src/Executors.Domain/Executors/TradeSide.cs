namespace Executors.Domain.Executors;

/// <summary>Hummingbot's trade sides; RANGE is used by executors that work both sides (LP, grid).</summary>
public enum TradeSide
{
    Buy = 1,
    Sell = 2,
    Range = 3,
}
