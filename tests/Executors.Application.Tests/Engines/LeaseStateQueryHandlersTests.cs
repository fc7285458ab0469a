using Executors.Application.Common.Exceptions;
using Executors.Application.Engines.LeaseState;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Engines;

/// <summary>The lease state from the stored lease and the clock: held until the expiry, expired from it on.</summary>
public sealed class LeaseStateQueryHandlersTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, "held")]
    [InlineData(0, "expired")] // the expiry itself is already past: a claim at that instant takes the executor
    [InlineData(-1, "expired")]
    public async Task GetLease_ByTheExpiryAndTheClock(int secondsLeft, string expected)
    {
        // Arrange
        var handler = Handler(new ExecutorLeaseView("e1", ExecutorStatus.Running, "engine-a", Now.AddSeconds(-30), Now.AddSeconds(secondsLeft)));

        // Act
        var lease = await handler.Handle(new GetExecutorLeaseQuery("e1"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, lease.State);
        Assert.Equal("engine-a", lease.EngineId);
        Assert.Equal(Now.AddSeconds(secondsLeft), lease.LeaseExpiresAt);
    }

    [Fact]
    public async Task GetLease_NeverClaimed_OrTerminated_IsUnclaimed()
    {
        // Arrange
        var handler = Handler(
            new ExecutorLeaseView("waiting", ExecutorStatus.NotStarted, null, null, null),
            new ExecutorLeaseView("closed", ExecutorStatus.Terminated, "engine-a", Now.AddMinutes(-5), Now.AddMinutes(1)));

        // Act
        var waiting = await handler.Handle(new GetExecutorLeaseQuery("waiting"), TestContext.Current.CancellationToken);
        var closed = await handler.Handle(new GetExecutorLeaseQuery("closed"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("unclaimed", waiting.State);
        Assert.Null(waiting.EngineId);
        Assert.Equal("unclaimed", closed.State);
        Assert.Equal("engine-a", closed.EngineId);
    }

    [Fact]
    public async Task GetLease_UnknownExecutor_NotFound()
    {
        // Act
        var failure = await Record.ExceptionAsync(() => Handler().Handle(new GetExecutorLeaseQuery("nobody"), TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("Executor 'nobody' was not found.", Assert.IsType<NotFoundException>(failure).Message);
    }

    private static LeaseStateQueryHandlers Handler(params ExecutorLeaseView[] leases) =>
        new(new InMemoryLeaseReadStore(leases), FixedCurrentUser.Everything, new FixedClock(Now));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
