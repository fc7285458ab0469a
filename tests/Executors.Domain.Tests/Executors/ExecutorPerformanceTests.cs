using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary><see cref="Executor.ReportPerformance"/>: the engine's figures and when they are refused.</summary>
public sealed class ExecutorPerformanceTests
{
    [Theory]
    [InlineData(ExecutorStatus.NotStarted)]
    [InlineData(ExecutorStatus.Running)]
    [InlineData(ExecutorStatus.ShuttingDown)]
    public void ReportPerformance_ActiveAndTrading_SetsEveryFigure(ExecutorStatus status)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(status).Build();

        // Act
        executor.ReportPerformance(12.345678m, 0.0123m, 0.75m, 1_000.5m, isTrading: true);

        // Assert
        Assert.Equal(12.345678m, executor.State.NetPnlQuote);
        Assert.Equal(0.0123m, executor.State.NetPnlPct);
        Assert.Equal(0.75m, executor.State.CumFeesQuote);
        Assert.Equal(1_000.5m, executor.State.FilledAmountQuote);
        Assert.True(executor.State.IsTrading);
    }

    [Fact]
    public void ReportPerformance_NotTrading_ClearsIsTrading()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        executor.ReportPerformance(1m, 0.01m, 0.1m, 10m, isTrading: true);

        // Act
        executor.ReportPerformance(2m, 0.02m, 0.2m, 20m, isTrading: false);

        // Assert
        Assert.False(executor.State.IsTrading);
        Assert.Equal(2m, executor.State.NetPnlQuote);
    }

    [Theory]
    [InlineData(true, 6, 0.06, 0.6, 60, true)]
    [InlineData(false, -3.5, -0.035, 0.4, 100, false)]
    public void ReportPerformance_AfterTerminated_ThrowsAndKeepsTheFinalFigures(
        bool tradingBeforeTheClose, decimal netPnlQuote, decimal netPnlPct, decimal cumFeesQuote, decimal filledAmountQuote, bool isTrading)
    {
        // Arrange
        var executor = new ExecutorBuilder()
            .WithPerformance(5m, 0.05m, 0.5m, 50m, tradingBeforeTheClose)
            .Terminated(CloseType.TakeProfit, ExecutorBuilder.Started.AddMinutes(10))
            .Build();

        // Act
        var exception = Record.Exception(() => executor.ReportPerformance(netPnlQuote, netPnlPct, cumFeesQuote, filledAmountQuote, isTrading));

        // Assert: a TERMINATED executor is a closed record.
        Assert.IsType<DomainException>(exception);
        Assert.False(executor.State.IsTrading);
        Assert.Equal(5m, executor.State.NetPnlQuote);
        Assert.Equal(0.05m, executor.State.NetPnlPct);
        Assert.Equal(0.5m, executor.State.CumFeesQuote);
        Assert.Equal(50m, executor.State.FilledAmountQuote);
    }

    [Theory]
    [InlineData("cum_fees_quote", -0.01, 10)]
    [InlineData("filled_amount_quote", 0.1, -0.01)]
    public void ReportPerformance_NegativeAmount_ThrowsNamingItAndKeepsFigures(string field, decimal cumFeesQuote, decimal filledAmountQuote)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        var exception = Record.Exception(() => executor.ReportPerformance(1m, 0.01m, cumFeesQuote, filledAmountQuote, isTrading: true));

        // Assert
        var domainException = Assert.IsType<DomainException>(exception);
        Assert.Contains(field, domainException.Message, StringComparison.Ordinal);
        Assert.Equal(0m, executor.State.NetPnlQuote);
        Assert.False(executor.State.IsTrading);
    }

    [Fact]
    public void ReportPerformance_NegativePnl_IsKept()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        executor.ReportPerformance(-42.1m, -0.0421m, 0m, 0m, isTrading: true);

        // Assert
        Assert.Equal(-42.1m, executor.State.NetPnlQuote);
        Assert.Equal(-0.0421m, executor.State.NetPnlPct);
        Assert.Equal(0m, executor.State.CumFeesQuote);
        Assert.Equal(0m, executor.State.FilledAmountQuote);
    }
}
