using Executors.Domain.Common;
using Executors.Domain.Executors;
using Executors.Domain.Positions;

namespace Executors.Domain.Tests.Positions;

/// <summary>The settlement arithmetic, on cases worked by hand (in the comments).</summary>
public sealed class PositionHoldTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly PositionKey Key = new("master_account", "binance", "BTC-USDT", "main");

    [Fact]
    public void Open_IsEmptyAndFlat()
    {
        // Act
        var position = PositionHold.Open(Key);

        // Assert
        Assert.Equal(Key, position.Key);
        Assert.Equal(0m, position.NetAmountBase);
        Assert.Null(position.BuyBreakevenPrice);
        Assert.Null(position.SellBreakevenPrice);
        Assert.Equal(PositionSide.Flat, position.PositionSide);
        Assert.False(position.HasVolume);
        Assert.Empty(position.ExecutorIds);
        Assert.Null(position.LastUpdated);
    }

    [Fact]
    public void Buys_AreALongPosition_AtTheirAveragePrice()
    {
        // Arrange: 2 @ 100 (200) and 1 @ 130 (130): 3 for 330, average 110.
        var position = PositionHold.Open(Key);

        // Act
        position.AddFill(TradeSide.Buy, 2m, 200m, "e1", 0.2m, At);
        position.AddFill(TradeSide.Buy, 1m, 130m, "e2", 0.13m, At);

        // Assert
        Assert.Equal(3m, position.BuyAmountBase);
        Assert.Equal(330m, position.BuyAmountQuote);
        Assert.Equal(3m, position.NetAmountBase);
        Assert.Equal(110m, position.BuyBreakevenPrice);
        Assert.Null(position.SellBreakevenPrice);
        Assert.Equal(0m, position.MatchedAmountBase);
        Assert.Equal(3m, position.UnmatchedAmountBase);
        Assert.Equal(PositionSide.Long, position.PositionSide);
        Assert.Equal(0m, position.RealizedPnlQuote);
        Assert.Equal(0.33m, position.CumFeesQuote);
        Assert.Equal(["e1", "e2"], position.ExecutorIds);
    }

    [Fact]
    public void Sells_AreAShortPosition()
    {
        // Arrange
        var position = PositionHold.Open(Key);

        // Act: 1 sold for 50.
        position.AddFill(TradeSide.Sell, 1m, 50m, "e1", 0m, At);

        // Assert
        Assert.Equal(-1m, position.NetAmountBase);
        Assert.Equal(1m, position.UnmatchedAmountBase);
        Assert.Equal(50m, position.SellBreakevenPrice);
        Assert.Null(position.BuyBreakevenPrice);
        Assert.Equal(PositionSide.Short, position.PositionSide);
    }

    [Fact]
    public void PartlyMatched_RealizesTheMatchedVolume_AndKeepsTheRestAtItsAverage()
    {
        // Arrange: bought 2 for 200 (avg 100).
        var position = PositionHold.Open(Key);
        position.AddFill(TradeSide.Buy, 2m, 200m, "e1", 0m, At);

        // Act: sold 0.5 for 60 (avg 120): matched 0.5, realized 0.5 × (120 − 100) = 10; 1.5 left bought for 150.
        position.AddFill(TradeSide.Sell, 0.5m, 60m, "e2", 0m, At);

        // Assert
        Assert.Equal(10m, position.RealizedPnlQuote);
        Assert.Equal(1.5m, position.BuyAmountBase);
        Assert.Equal(150m, position.BuyAmountQuote);
        Assert.Equal(0m, position.SellAmountBase);
        Assert.Equal(0m, position.SellAmountQuote);
        Assert.Equal(100m, position.BuyBreakevenPrice);
        Assert.Equal("150|10|100", FormattableString.Invariant($"{position.BuyAmountQuote}|{position.RealizedPnlQuote}|{position.BuyBreakevenPrice}"));
        Assert.Null(position.SellBreakevenPrice);
        Assert.Equal(0m, position.MatchedAmountBase);
        Assert.Equal(1.5m, position.UnmatchedAmountBase);
        Assert.Equal(PositionSide.Long, position.PositionSide);
    }

    [Fact]
    public void FullyMatched_AtALoss_IsFlatWithNoVolume()
    {
        // Arrange: bought 1 for 100.
        var position = PositionHold.Open(Key);
        position.AddFill(TradeSide.Buy, 1m, 100m, "e1", 0.1m, At);

        // Act: sold 1 for 90: realized 1 × (90 − 100) = −10, nothing open.
        position.AddFill(TradeSide.Sell, 1m, 90m, "e1", 0.09m, At);

        // Assert
        Assert.Equal(-10m, position.RealizedPnlQuote);
        Assert.Equal(0m, position.BuyAmountBase + position.BuyAmountQuote + position.SellAmountBase + position.SellAmountQuote);
        Assert.Equal(PositionSide.Flat, position.PositionSide);
        Assert.Null(position.BuyBreakevenPrice);
        Assert.Null(position.SellBreakevenPrice);
        Assert.False(position.HasVolume);
        Assert.Equal(0.19m, position.CumFeesQuote);
        Assert.Equal(["e1"], position.ExecutorIds);
    }

    [Fact]
    public void SellingMoreThanHeld_FlipsToShort_AtTheSellAverage()
    {
        // Arrange: bought 1 for 100.
        var position = PositionHold.Open(Key);
        position.AddFill(TradeSide.Buy, 1m, 100m, "e1", 0m, At);

        // Act: sold 3 for 330 (avg 110): matched 1, realized 10; 2 sold for 220 left open.
        position.AddFill(TradeSide.Sell, 3m, 330m, "e2", 0m, At);

        // Assert
        Assert.Equal(10m, position.RealizedPnlQuote);
        Assert.Equal(0m, position.BuyAmountBase);
        Assert.Equal(0m, position.BuyAmountQuote);
        Assert.Equal(2m, position.SellAmountBase);
        Assert.Equal(220m, position.SellAmountQuote);
        Assert.Equal(-2m, position.NetAmountBase);
        Assert.Equal(110m, position.SellBreakevenPrice);
        Assert.Equal(PositionSide.Short, position.PositionSide);
    }

    [Fact]
    public void RepeatingAverages_AreKeptTo12DecimalPlaces()
    {
        // Arrange: bought 3 for 100 (avg 33.333…).
        var position = PositionHold.Open(Key);
        position.AddFill(TradeSide.Buy, 3m, 100m, "e1", 0m, At);

        // Act: sold 1 for 40: cost of the matched 1 is 33.333333333333 (12 places), realized 6.666666666667,
        // 2 left bought for 66.666666666667.
        position.AddFill(TradeSide.Sell, 1m, 40m, "e2", 0m, At);

        // Assert
        Assert.Equal(6.666666666667m, position.RealizedPnlQuote);
        Assert.Equal(2m, position.BuyAmountBase);
        Assert.Equal(66.666666666667m, position.BuyAmountQuote);
        Assert.Equal(100m, 40m - position.RealizedPnlQuote + position.BuyAmountQuote); // no quote lost to rounding
    }

    [Fact]
    public void TinyBaseAmounts_DoNotOverflow()
    {
        // Arrange: 0.000000000001 base bought for 999,999,999,999 quote: a breakeven of ~10^24.
        var position = PositionHold.Open(Key);

        // Act
        position.AddFill(TradeSide.Buy, 0.000000000001m, 999_999_999_999m, "e1", 0m, At);
        position.AddFill(TradeSide.Sell, 0.000000000001m, 1m, "e2", 0m, At);

        // Assert
        Assert.Equal(1m - 999_999_999_999m, position.RealizedPnlQuote);
        Assert.False(position.HasVolume);
    }

    [Fact]
    public void ExecutorIds_AreKeptInFirstOrder_EachOnce()
    {
        // Arrange
        var position = PositionHold.Open(Key);

        // Act
        position.AddFill(TradeSide.Buy, 1m, 1m, "b", 0m, At);
        position.AddFill(TradeSide.Buy, 1m, 1m, "a", 0m, At);
        position.AddFill(TradeSide.Sell, 1m, 1m, "b", 0m, At);
        position.AddFill(TradeSide.Buy, 1m, 1m, null, 0m, At);

        // Assert
        Assert.Equal(["b", "a"], position.ExecutorIds);
    }

    [Fact]
    public void LastUpdated_IsTheFillsInstantInUtc_ToTheMicrosecond()
    {
        // Arrange
        var position = PositionHold.Open(Key);
        var at = new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        // Act
        position.AddFill(TradeSide.Buy, 1m, 1m, "e1", 0m, at);

        // Assert
        Assert.Equal(TimeSpan.Zero, position.LastUpdated!.Value.Offset);
        Assert.Equal(at.UtcTicks - 7, position.LastUpdated.Value.UtcTicks);
    }

    [Theory]
    [InlineData(TradeSide.Range, 1, 1, 0)]
    [InlineData(TradeSide.Buy, -1, 1, 0)]
    [InlineData(TradeSide.Buy, 1, -1, 0)]
    [InlineData(TradeSide.Sell, 1, 1, -1)]
    public void AddFill_RefusesRangeAndNegativeAmounts(TradeSide side, int amountBase, int amountQuote, int fees)
    {
        // Arrange
        var position = PositionHold.Open(Key);

        // Act + Assert
        Assert.Throws<DomainException>(() => position.AddFill(side, amountBase, amountQuote, "e1", fees, At));
        Assert.False(position.HasVolume);
    }

    [Fact]
    public void AddFill_RefusesTotalsBeyondTheBound_AndChangesNothing()
    {
        // Arrange
        var position = PositionHold.Open(Key);
        position.AddFill(TradeSide.Buy, 1m, PositionHold.MaxAmount - 1m, "e1", 0m, At);

        // Act + Assert
        Assert.Throws<DomainException>(() => position.AddFill(TradeSide.Buy, 1m, 1m, "e2", 0m, At));
        Assert.Equal(PositionHold.MaxAmount - 1m, position.BuyAmountQuote);
        Assert.Equal(["e1"], position.ExecutorIds);
    }

    [Fact]
    public void Hold_AddsEveryFillOfTheExecutor_ToItsOwnPositionOnly()
    {
        // Arrange
        var position = PositionHold.Open(Key);
        var held = new HeldPosition(Key, "e1", [new PositionFill(TradeSide.Buy, 1m, 100m, 0.1m), new PositionFill(TradeSide.Sell, 0.25m, 30m, 0.03m)]);

        // Act
        position.Hold(held, At);

        // Assert: matched 0.25, realized 0.25 × (120 − 100) = 5.
        Assert.Equal(5m, position.RealizedPnlQuote);
        Assert.Equal(0.75m, position.BuyAmountBase);
        Assert.Equal(75m, position.BuyAmountQuote);
        Assert.Equal(0.13m, position.CumFeesQuote);
        Assert.Throws<DomainException>(() => position.Hold(held with { Key = Key with { ControllerId = "other" } }, At));
    }
}
