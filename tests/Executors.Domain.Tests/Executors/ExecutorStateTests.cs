using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

public sealed class ExecutorStateTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private static ExecutorState Running => new()
    {
        ExecutorType = ExecutorTypes.Position,
        AccountName = "acct",
        ConnectorName = "binance",
        TradingPair = "BTC-USDT",
        Status = ExecutorStatus.Running,
        IsTrading = true,
        NetPnlQuote = 1.5m,
        FilledAmountQuote = 100m,
        Side = TradeSide.Buy,
        Timestamp = Start,
        CreatedAt = Start,
        Config = JsonObjectValue.Parse("""{"a": 1}""", "config"),
    };

    [Fact]
    public void FromReport_MidLife_RegistersInThatState()
    {
        // Act
        var executor = Executor.Register("r1", Running);

        // Assert
        Assert.Equal(ExecutorStatus.Running, executor.State.Status);
        Assert.True(executor.State.IsTrading);
        Assert.Equal(1.5m, executor.State.NetPnlQuote);
        Assert.Equal(TradeSide.Buy, executor.State.Side);
    }

    [Fact]
    public void FromReport_Terminated_RegistersClosed()
    {
        // Act
        var executor = Executor.Register("r1", Running with
        {
            Status = ExecutorStatus.Terminated, IsTrading = false, CloseType = CloseType.StopLoss, CloseTimestamp = Start.AddHours(1),
        });

        // Assert
        Assert.False(executor.IsActive);
        Assert.Equal(CloseType.StopLoss, executor.State.CloseType);
    }

    [Fact]
    public void Apply_SameReport_ChangesNothing()
    {
        // Arrange
        var executor = Executor.Register("r1", Running);

        // Act: the same config in another spelling is the same JSON.
        var changed = executor.Apply(Running with { Config = JsonObjectValue.Parse("""{ "a" : 1 }""", "config") });

        // Assert
        Assert.False(changed);
        Assert.Equal("""{"a": 1}""", executor.State.Config?.Json);
    }

    [Fact]
    public void Apply_Forward_MovesAndReportsChange()
    {
        // Arrange
        var executor = Executor.Register("r1", Running);

        // Act
        var changed = executor.Apply(Running with { Status = ExecutorStatus.ShuttingDown, IsTrading = false, NetPnlQuote = 3m });

        // Assert
        Assert.True(changed);
        Assert.Equal(ExecutorStatus.ShuttingDown, executor.State.Status);
        Assert.Equal(3m, executor.State.NetPnlQuote);
    }

    [Fact]
    public void Apply_Backwards_ThrowsAndKeepsState()
    {
        // Arrange
        var executor = Executor.Register("r1", Running with { Status = ExecutorStatus.ShuttingDown, IsTrading = false });

        // Act
        var failure = Record.Exception(() => executor.Apply(Running with { NetPnlQuote = 9m }));

        // Assert
        Assert.IsType<DomainException>(failure);
        Assert.Equal(ExecutorStatus.ShuttingDown, executor.State.Status);
        Assert.Equal(1.5m, executor.State.NetPnlQuote);
    }

    [Theory]
    [InlineData("ExecutorType")]
    [InlineData("AccountName")]
    [InlineData("ConnectorName")]
    [InlineData("TradingPair")]
    public void Apply_IdentityChanged_Throws(string field)
    {
        // Arrange
        var executor = Executor.Register("r1", Running);
        var report = field switch
        {
            "ExecutorType" => Running with { ExecutorType = ExecutorTypes.Grid },
            "AccountName" => Running with { AccountName = "other" },
            "ConnectorName" => Running with { ConnectorName = "kucoin" },
            _ => Running with { TradingPair = "ETH-USDT" },
        };

        // Act / Assert
        Assert.IsType<DomainException>(Record.Exception(() => executor.Apply(report)));
    }

    [Fact]
    public void Apply_TerminatedAndDifferent_Throws_TerminatedAndSame_DoesNothing()
    {
        // Arrange
        var closed = Running with { Status = ExecutorStatus.Terminated, IsTrading = false, CloseType = CloseType.Completed, CloseTimestamp = Start.AddHours(2) };
        var executor = Executor.Register("r1", closed);

        // Act / Assert
        Assert.False(executor.Apply(closed));
        Assert.IsType<DomainException>(Record.Exception(() => executor.Apply(closed with { NetPnlQuote = 2m })));
    }

    [Theory]
    [InlineData(ExecutorStatus.Running, true, false)]
    [InlineData(ExecutorStatus.Terminated, false, false)]
    [InlineData(ExecutorStatus.Terminated, true, true)]
    public void Apply_CloseFieldsOrTradingAgainstStatus_Throws(ExecutorStatus status, bool withClose, bool trading)
    {
        // Arrange
        var executor = Executor.Register("r1", Running with { IsTrading = false });
        var report = Running with
        {
            Status = status,
            IsTrading = trading,
            CloseType = withClose ? CloseType.Failed : null,
            CloseTimestamp = withClose ? Start.AddHours(1) : null,
        };

        // Act / Assert
        Assert.IsType<DomainException>(Record.Exception(() => executor.Apply(report)));
    }

    [Fact]
    public void RecordError_BeyondTheKeptLog_CountsEveryErrorAndKeepsTheNewest()
    {
        // Arrange
        var executor = Executor.Register("r1", Running);

        // Act
        for (var i = 0; i < Executor.MaxErrorLogEntries + 20; i++)
        {
            executor.RecordError(Start.AddSeconds(i), $"e{i}");
        }

        // Assert
        Assert.Equal(Executor.MaxErrorLogEntries + 20, executor.ErrorCount);
        Assert.Equal(Executor.MaxErrorLogEntries, executor.ErrorLog.Count);
        Assert.Equal("e20", executor.ErrorLog[0].Message);
        Assert.Equal($"e{Executor.MaxErrorLogEntries + 19}", executor.LastError);
    }
}
