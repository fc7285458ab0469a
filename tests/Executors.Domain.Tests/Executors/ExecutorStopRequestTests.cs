using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary><see cref="Executor.RequestStop"/>: the aggregate's own record of a stop asked for through the API.</summary>
public sealed class ExecutorStopRequestTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 15, 11, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ExecutorStatus.Running, false)]
    [InlineData(ExecutorStatus.Running, true)]
    [InlineData(ExecutorStatus.ShuttingDown, true)]
    public void RequestStop_ActiveWithAnEngine_IsRecordedAndLeavesTheStateToTheEngine(ExecutorStatus status, bool keepPosition)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(status).Build();
        var state = executor.State;

        // Act
        var changed = executor.RequestStop(keepPosition, At);

        // Assert
        Assert.True(changed);
        Assert.Equal(new ExecutorStopRequest(At, keepPosition), executor.StopRequest);
        Assert.Equal(At, executor.StopRequestedAt);
        Assert.Equal(keepPosition, executor.StopKeepPosition);
        Assert.Same(state, executor.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RequestStop_NotStarted_IsTerminatedAtOnceWithEarlyStop(bool keepPosition)
    {
        // Arrange: no engine has it, so nobody else would ever stop it.
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.NotStarted).Build();

        // Act
        var changed = executor.RequestStop(keepPosition, At.ToOffset(TimeSpan.FromHours(2)));

        // Assert
        Assert.True(changed);
        Assert.Equal(ExecutorStatus.Terminated, executor.State.Status);
        Assert.Equal(CloseType.EarlyStop, executor.State.CloseType);
        Assert.Equal(At, executor.State.CloseTimestamp);
        Assert.Equal(TimeSpan.Zero, executor.State.CloseTimestamp!.Value.Offset);
        Assert.False(executor.State.IsTrading);
        Assert.Equal(new ExecutorStopRequest(At, keepPosition), executor.StopRequest);
        Assert.Null(executor.TakeHeldPosition());
    }

    [Theory]
    [InlineData(ExecutorStatus.Running)]
    [InlineData(ExecutorStatus.NotStarted)]
    public void RequestStop_TheSameAgain_ChangesNothing(ExecutorStatus status)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(status).Build();
        executor.RequestStop(keepPosition: true, At);
        var state = executor.State;

        // Act
        var changed = executor.RequestStop(keepPosition: true, At.AddMinutes(5));

        // Assert: the first request's time stays.
        Assert.False(changed);
        Assert.Equal(new ExecutorStopRequest(At, true), executor.StopRequest);
        Assert.Same(state, executor.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RequestStop_ADifferentKeepPosition_IsRefusedNamingTheRecordedOne(bool recorded)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        executor.RequestStop(recorded, At);

        // Act
        var refused = Assert.Throws<DomainException>(() => executor.RequestStop(!recorded, At.AddMinutes(1)));

        // Assert
        Assert.Contains($"keep_position={(recorded ? "true" : "false")}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new ExecutorStopRequest(At, recorded), executor.StopRequest);
    }

    [Fact]
    public void RequestStop_TerminatedWithoutAStopRequest_IsRefused()
    {
        // Arrange
        var executor = new ExecutorBuilder().Terminated(CloseType.Completed, At).Build();

        // Act
        var refused = Assert.Throws<DomainException>(() => executor.RequestStop(keepPosition: false, At.AddMinutes(1)));

        // Assert
        Assert.Contains("already closed", refused.Message, StringComparison.Ordinal);
        Assert.Null(executor.StopRequest);
    }

    [Fact]
    public void Apply_AReportAfterTheStop_KeepsTheStopRequest()
    {
        // Arrange: the engine reports after the stop was recorded (SHUTTING_DOWN, then TERMINATED).
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        executor.RequestStop(keepPosition: true, At);

        // Act
        var shuttingDown = executor.Apply(executor.State with { Status = ExecutorStatus.ShuttingDown });
        var terminated = executor.Apply(executor.State with
        {
            Status = ExecutorStatus.Terminated,
            IsTrading = false,
            CloseType = CloseType.EarlyStop,
            CloseTimestamp = At.AddMinutes(1),
        });

        // Assert
        Assert.True(shuttingDown);
        Assert.True(terminated);
        Assert.Equal(new ExecutorStopRequest(At, true), executor.StopRequest);
    }

    [Fact]
    public void NewExecutor_HasNoStopRequest()
    {
        // Act
        var executor = new ExecutorBuilder().Build();

        // Assert
        Assert.Null(executor.StopRequest);
        Assert.Null(executor.StopRequestedAt);
        Assert.Null(executor.StopKeepPosition);
    }
}
