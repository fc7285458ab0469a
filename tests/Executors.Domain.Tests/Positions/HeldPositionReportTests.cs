using Executors.Domain.Common;
using Executors.Domain.Executors;
using Executors.Domain.Positions;

namespace Executors.Domain.Tests.Positions;

/// <summary>What a terminal POSITION_HOLD report leaves in its position, and the rules it must obey.</summary>
public sealed class HeldPositionReportTests
{
    private static readonly DateTimeOffset Closed = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static ExecutorState Held(string? customInfo, TradeSide? side = TradeSide.Buy, decimal cumFees = 0m, decimal filledQuote = 0m, string? account = "master_account", string? controller = null) => new()
    {
        ExecutorType = "grid_executor",
        AccountName = account,
        ConnectorName = "binance",
        TradingPair = "BTC-USDT",
        ControllerId = controller ?? ExecutorState.DefaultControllerId,
        Side = side,
        Status = ExecutorStatus.Terminated,
        CloseType = CloseType.PositionHold,
        CloseTimestamp = Closed,
        CumFeesQuote = cumFees,
        FilledAmountQuote = filledQuote,
        CustomInfo = customInfo is null ? null : JsonObjectValue.Parse(customInfo, "custom_info"),
    };

    [Fact]
    public void Orders_AreSummedPerSide_WithTheirOwnFeesSharedByQuoteVolume()
    {
        // Arrange: bought 1 for 100 and 0.5 for 44 (strings), sold 0.4 for 44; fees 0.1 + 0.044 + 0 = 0.144.
        var state = Held("""
            {"held_position_orders": [
              {"trade_type": "BUY", "executed_amount_base": 1, "executed_amount_quote": 100, "cumulative_fee_paid_quote": 0.1},
              {"trade_type": "SELL", "executed_amount_base": "0.4", "executed_amount_quote": "44", "cumulative_fee_paid_quote": "0.044"},
              {"trade_type": "BUY", "executed_amount_base": "0.5", "executed_amount_quote": "44"}
            ]}
            """, cumFees: 9m);

        // Act
        var held = HeldPositionReport.Of("e1", state);

        // Assert: quote volume 144 + 44 = 188; the buys' share 0.144 × 144/188, the sells' 0.144 × 44/188.
        Assert.NotNull(held);
        Assert.Equal(new PositionKey("master_account", "binance", "BTC-USDT", "main"), held.Key);
        Assert.Equal("e1", held.ExecutorId);
        Assert.Equal(2, held.Fills.Count);
        Assert.Equal((TradeSide.Buy, 1.5m, 144m), (held.Fills[0].Side, held.Fills[0].AmountBase, held.Fills[0].AmountQuote));
        Assert.Equal((TradeSide.Sell, 0.4m, 44m), (held.Fills[1].Side, held.Fills[1].AmountBase, held.Fills[1].AmountQuote));
        Assert.Equal(0.144m * (144m / 188m), held.Fills[0].FeesQuote);
        Assert.Equal(0.144m * (44m / 188m), held.Fills[1].FeesQuote);
        Assert.Empty(HeldPositionReport.Violations(state));
    }

    [Fact]
    public void OrdersWithoutFees_ShareTheExecutorsCumFees()
    {
        // Arrange
        var state = Held("""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": 1, "executed_amount_quote": 75}, {"trade_type": "SELL", "executed_amount_base": 0.25, "executed_amount_quote": 25}]}""", cumFees: 2m, controller: "ctl");

        // Act
        var held = HeldPositionReport.Of("e1", state)!;

        // Assert: 2 × 75/100 and 2 × 25/100.
        Assert.Equal("ctl", held.Key.ControllerId);
        Assert.Equal(1.5m, held.Fills[0].FeesQuote);
        Assert.Equal(0.5m, held.Fills[1].FeesQuote);
    }

    [Fact]
    public void FilledAmountBase_IsOneFillOnTheStatesSide()
    {
        // Arrange
        var state = Held("""{"filled_amount_base": "0.5", "held_position_orders": []}""", side: TradeSide.Sell, cumFees: 0.05m, filledQuote: 21000m);

        // Act
        var held = HeldPositionReport.Of("e1", state)!;

        // Assert
        Assert.Equal([new PositionFill(TradeSide.Sell, 0.5m, 21000m, 0.05m)], held.Fills);
    }

    [Fact]
    public void NothingFilled_LeavesNoFills()
    {
        // Act
        var held = HeldPositionReport.Of("e1", Held("""{"filled_amount_base": 0}"""))!;

        // Assert
        Assert.Empty(held.Fills);
    }

    [Fact]
    public void OtherStates_HoldNothing_AndObeyNoPositionRule()
    {
        // Arrange
        var completed = Held(null) with { CloseType = CloseType.Completed };

        // Act + Assert
        Assert.Null(HeldPositionReport.Of("e1", completed));
        Assert.Empty(completed.Violations());
    }

    [Theory]
    [InlineData(null, "custom_info.held_position_orders")]
    [InlineData("""{}""", "custom_info.held_position_orders")]
    [InlineData("""{"held_position_orders": []}""", "custom_info.held_position_orders")]
    [InlineData("""{"held_position_orders": {"trade_type": "BUY"}}""", "custom_info.held_position_orders")]
    [InlineData("""{"held_position_orders": [1]}""", "custom_info.held_position_orders[0]")]
    [InlineData("""{"held_position_orders": [{"executed_amount_base": 1, "executed_amount_quote": 1}]}""", "custom_info.held_position_orders[0].trade_type")]
    [InlineData("""{"held_position_orders": [{"trade_type": "RANGE", "executed_amount_base": 1, "executed_amount_quote": 1}]}""", "custom_info.held_position_orders[0].trade_type")]
    [InlineData("""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_quote": 1}]}""", "custom_info.held_position_orders[0].executed_amount_base")]
    [InlineData("""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": "-1", "executed_amount_quote": 1}]}""", "custom_info.held_position_orders[0].executed_amount_base")]
    [InlineData("""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": 1, "executed_amount_quote": 1}, {"trade_type": "SELL", "executed_amount_base": 1, "executed_amount_quote": "lots"}]}""", "custom_info.held_position_orders[1].executed_amount_quote")]
    [InlineData("""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": 1, "executed_amount_quote": 1e12}]}""", "custom_info.held_position_orders[0].executed_amount_quote")]
    [InlineData("""{"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": 1, "executed_amount_quote": 1, "cumulative_fee_paid_quote": true}]}""", "custom_info.held_position_orders[0].cumulative_fee_paid_quote")]
    [InlineData("""{"filled_amount_base": "NaN"}""", "custom_info.filled_amount_base")]
    [InlineData("""{"filled_amount_base": -0.5}""", "custom_info.filled_amount_base")]
    public void MalformedFills_AreNamedByTheirField(string? customInfo, string field)
    {
        // Arrange
        var state = Held(customInfo);

        // Act
        var violations = state.Violations().ToList();

        // Assert
        Assert.Contains(violations, violation => violation.Field == field);
        Assert.Null(HeldPositionReport.Of("e1", state));
    }

    [Fact]
    public void FilledAmountBase_NeedsABuyOrSellSide()
    {
        // Act
        var violations = Held("""{"filled_amount_base": 1}""", side: TradeSide.Range).Violations();

        // Assert
        Assert.Contains(violations, violation => violation.Field == "side");
    }

    [Fact]
    public void TheMarketAndAccount_AreRequired()
    {
        // Arrange
        var state = Held("""{"filled_amount_base": 1}""", account: null) with { ConnectorName = null, TradingPair = null };

        // Act
        var fields = state.Violations().Select(violation => violation.Field).ToList();

        // Assert
        Assert.Equal(["account_name", "connector_name", "trading_pair"], fields);
    }

    [Fact]
    public void Executor_ReportsWhatItHolds_OnlyOnTheMoveToTerminated()
    {
        // Arrange
        var running = Held(null) with { Status = ExecutorStatus.Running, CloseType = null, CloseTimestamp = null };
        var executor = Executor.Register("e1", running);
        var terminal = Held("""{"filled_amount_base": 1}""", filledQuote: 100m);

        // Act
        var before = executor.TakeHeldPosition();
        executor.Apply(terminal);
        var after = executor.TakeHeldPosition();

        // Assert: handed out once; a repeated report moves nothing and hands out nothing.
        Assert.Null(before);
        Assert.Equal([new PositionFill(TradeSide.Buy, 1m, 100m, 0m)], after!.Fills);
        Assert.Null(executor.TakeHeldPosition());
        Assert.False(executor.Apply(terminal));
        Assert.Null(executor.TakeHeldPosition());
        Assert.NotNull(Executor.Register("e2", terminal).TakeHeldPosition());
        Assert.Throws<DomainException>(() => Executor.Register("e3", Held("""{}""")));
    }
}
