using System.Text.Json;
using Executors.Application.Common.Mapping;
using Executors.Application.Common.Persistence;
using Executors.Application.Common.Security;
using Executors.Application.Executors.Commands.PutExecutor;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;
using Executors.Domain.Positions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Executors.Application.Tests.Positions;

/// <summary>The PUT handler folds what a terminal POSITION_HOLD report leaves into its position, once.</summary>
public sealed class PutExecutorPositionHoldTests
{
    private static readonly PositionKey Key = new("master_account", "binance", "BTC-USDT", "main");

    [Fact]
    public async Task TheMoveToPositionHold_AddsItsFills_AndARepeatAddsNothing()
    {
        // Arrange
        var positions = new InMemoryPositionHoldRepository();
        var handler = Handler(new InMemoryExecutorRepository(), positions);
        await handler.Handle(Put("RUNNING", null), TestContext.Current.CancellationToken);

        // Act
        await handler.Handle(Put("TERMINATED", "POSITION_HOLD"), TestContext.Current.CancellationToken);
        await handler.Handle(Put("TERMINATED", "POSITION_HOLD"), TestContext.Current.CancellationToken);

        // Assert
        var position = Assert.Single(positions.Positions).Value;
        Assert.Equal(Key, position.Key);
        Assert.Equal(0.5m, position.BuyAmountBase);
        Assert.Equal(20000m, position.BuyAmountQuote);
        Assert.Equal(["e1"], position.ExecutorIds);
        Assert.Equal(1, positions.Saves);
    }

    [Fact]
    public async Task OtherCloseTypes_HoldNothing()
    {
        // Arrange
        var positions = new InMemoryPositionHoldRepository();
        var handler = Handler(new InMemoryExecutorRepository(), positions);

        // Act
        await handler.Handle(Put("TERMINATED", "COMPLETED"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Empty(positions.Positions);
        Assert.Equal(0, positions.Saves);
    }

    private static PutExecutorCommandHandler Handler(InMemoryExecutorRepository executors, InMemoryPositionHoldRepository positions) =>
        new(executors, positions, TimeProvider.System, new AllAccounts(), MapperFactory.CreateConfiguration().CreateMapper(), NullLogger<PutExecutorCommandHandler>.Instance);

    private static PutExecutorCommand Put(string status, string? closeType) => new(
        "e1",
        new ExecutorStateRequest
        {
            AccountName = "master_account",
            ConnectorName = "binance",
            TradingPair = "BTC-USDT",
            Side = "BUY",
            Status = status,
            CloseType = closeType,
            CloseTimestamp = closeType is null ? null : 1_705_320_000m,
            FilledAmountQuote = 20000m,
            CustomInfo = JsonDocument.Parse("""{"filled_amount_base": "0.5"}""").RootElement,
        },
        WriteCondition.None);

    private sealed class AllAccounts : ICurrentUser
    {
        public AccountScope Accounts => AccountScope.All;

        public string Name => "engine";
    }
}
