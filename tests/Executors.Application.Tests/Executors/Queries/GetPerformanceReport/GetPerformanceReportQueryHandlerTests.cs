using Executors.Application.Executors.Queries.GetPerformanceReport;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Executors.Queries.GetPerformanceReport;

public sealed class GetPerformanceReportQueryHandlerTests
{
    [Fact]
    public async Task Handle_RestrictedCallerAndController_ReportsOnlyItsAccountsAndThatController()
    {
        // Arrange: alice's executors of controller "c1" count; bob's, and alice's of "c2", do not.
        var store = new InMemoryExecutorReadStore(
            Closed("a1", "alice", "c1", pnl: 3m),
            Closed("a2", "alice", "c2", pnl: 100m),
            Closed("b1", "bob", "c1", pnl: 1000m));
        var handler = new GetPerformanceReportQueryHandler(store, FixedCurrentUser.Of("alice"));

        // Act
        var report = await handler.Handle(new GetPerformanceReportQuery("c1"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("c1", report.ControllerId);
        Assert.Equal(1, report.TotalExecutors);
        Assert.Equal(3m, report.PnlTotalQuote);
        Assert.Equal(new Dictionary<string, int> { ["TERMINATED"] = 1 }, report.ByStatus);
        var type = Assert.Single(report.ByType);
        Assert.Equal((ExecutorTypes.Position, 1, 1, 0, 3m), (type.ExecutorType, type.Total, type.Completed, type.Running, type.PnlQuote));
    }

    [Fact]
    public async Task Handle_NoController_EchoesNullAndCountsEveryController()
    {
        // Arrange
        var store = new InMemoryExecutorReadStore(Closed("a1", "alice", "c1", pnl: 3m), Closed("a2", "alice", null, pnl: 4m));
        var handler = new GetPerformanceReportQueryHandler(store, FixedCurrentUser.Everything);

        // Act
        var report = await handler.Handle(new GetPerformanceReportQuery(null), TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(report.ControllerId);
        Assert.Equal(2, report.TotalExecutors);
        Assert.Equal(7m, report.GlobalPnlQuote);
    }

    private static Executor Closed(string id, string account, string? controller, decimal pnl) =>
        new ExecutorBuilder(id).ForAccount(account).ForController(controller).WithPerformance(pnl).Terminated(CloseType.TakeProfit).Build();
}
