using System.Globalization;
using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary>The status life cycle: NOT_STARTED → RUNNING → SHUTTING_DOWN → TERMINATED, forward only.</summary>
public sealed class ExecutorLifecycleTests
{
    /// <summary>Every forward (from, to) pair; skipping a status is allowed.</summary>
    public static TheoryData<ExecutorStatus, ExecutorStatus> ForwardMoves => new()
    {
        { ExecutorStatus.NotStarted, ExecutorStatus.Running },
        { ExecutorStatus.NotStarted, ExecutorStatus.ShuttingDown },
        { ExecutorStatus.NotStarted, ExecutorStatus.Terminated },
        { ExecutorStatus.Running, ExecutorStatus.ShuttingDown },
        { ExecutorStatus.Running, ExecutorStatus.Terminated },
        { ExecutorStatus.ShuttingDown, ExecutorStatus.Terminated },
    };

    public static TheoryData<ExecutorStatus, ExecutorStatus> BackwardOrRepeatedMoves => new()
    {
        { ExecutorStatus.Running, ExecutorStatus.Running },
        { ExecutorStatus.ShuttingDown, ExecutorStatus.Running },
        { ExecutorStatus.ShuttingDown, ExecutorStatus.ShuttingDown },
        { ExecutorStatus.Terminated, ExecutorStatus.Running },
        { ExecutorStatus.Terminated, ExecutorStatus.ShuttingDown },
        { ExecutorStatus.Terminated, ExecutorStatus.Terminated },
    };

    [Fact]
    public void Start_NotStarted_BecomesRunning()
    {
        // Arrange
        var executor = new ExecutorBuilder().Build();

        // Act
        executor.Start();

        // Assert
        Assert.Equal(ExecutorStatus.Running, executor.State.Status);
    }

    [Fact]
    public void BeginShutdown_Running_BecomesShuttingDown()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        executor.BeginShutdown();

        // Assert
        Assert.Equal(ExecutorStatus.ShuttingDown, executor.State.Status);
    }

    [Fact]
    public void Terminate_ShuttingDown_BecomesTerminated()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.ShuttingDown).Build();

        // Act
        executor.Terminate(CloseType.TakeProfit, ExecutorBuilder.Started.AddMinutes(5));

        // Assert
        Assert.Equal(ExecutorStatus.Terminated, executor.State.Status);
    }

    [Theory]
    [MemberData(nameof(ForwardMoves))]
    public void MoveForward_AnyActiveStatus_ReachesTarget(ExecutorStatus from, ExecutorStatus to)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(from).Build();

        // Act
        MoveTo(executor, to);

        // Assert
        Assert.Equal(to, executor.State.Status);
    }

    [Theory]
    [MemberData(nameof(BackwardOrRepeatedMoves))]
    public void MoveBackwardOrRepeat_AnyStatus_ThrowsAndKeepsStatus(ExecutorStatus from, ExecutorStatus to)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(from).Build();

        // Act
        var exception = Record.Exception(() => MoveTo(executor, to));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Equal(from, executor.State.Status);
    }

    [Fact]
    public void Start_Terminated_ThrowsBecauseTerminatedIsFinal()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Terminated).Build();

        // Act
        var exception = Record.Exception(executor.Start);

        // Assert
        var domainException = Assert.IsType<DomainException>(exception);
        Assert.Contains("TERMINATED", domainException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminate_Terminated_ThrowsAndKeepsFirstClose()
    {
        // Arrange
        var executor = new ExecutorBuilder().Build();
        var firstClose = ExecutorBuilder.Started.AddMinutes(1);
        executor.Terminate(CloseType.StopLoss, firstClose);

        // Act
        var exception = Record.Exception(() => executor.Terminate(CloseType.TakeProfit, firstClose.AddMinutes(1)));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Equal(CloseType.StopLoss, executor.State.CloseType);
        Assert.Equal(firstClose, executor.State.CloseTimestamp);
    }

    [Fact]
    public void Terminate_TerminatedWithEarlierCloseTime_SaysTerminatedIsFinal()
    {
        // Arrange
        var executor = new ExecutorBuilder().At(ExecutorBuilder.Started).Build();
        executor.Terminate(CloseType.StopLoss, ExecutorBuilder.Started.AddMinutes(1));

        // Act
        var exception = Record.Exception(() => executor.Terminate(CloseType.TakeProfit, ExecutorBuilder.Started.AddMinutes(-1)));

        // Assert: the first rule broken is that the executor is final, not the close time.
        Assert.Contains("final", Assert.IsType<DomainException>(exception).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExecutorStatus.NotStarted, true)]
    [InlineData(ExecutorStatus.Running, true)]
    [InlineData(ExecutorStatus.ShuttingDown, true)]
    [InlineData(ExecutorStatus.Terminated, false)]
    public void IsActive_EachStatus_FalseOnlyWhenTerminated(ExecutorStatus status, bool expected)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(status).Build();

        // Act
        var isActive = executor.IsActive;

        // Assert
        Assert.Equal(expected, isActive);
    }

    [Theory]
    [InlineData(ExecutorStatus.NotStarted)]
    [InlineData(ExecutorStatus.Running)]
    [InlineData(ExecutorStatus.ShuttingDown)]
    public void CloseFields_BeforeTermination_AreNull(ExecutorStatus status)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(status).Build();

        // Act
        var (closeType, closeTimestamp) = (executor.State.CloseType, executor.State.CloseTimestamp);

        // Assert
        Assert.Null(closeType);
        Assert.Null(closeTimestamp);
    }

    [Fact]
    public void Terminate_Trading_SetsCloseTypeAndTimeAndStopsTrading()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        executor.ReportPerformance(1.5m, 0.015m, 0.2m, 100m, isTrading: true);
        var closedAt = ExecutorBuilder.Started.AddMinutes(45);

        // Act
        executor.Terminate(CloseType.TrailingStop, closedAt);

        // Assert
        Assert.Equal(ExecutorStatus.Terminated, executor.State.Status);
        Assert.False(executor.IsActive);
        Assert.False(executor.State.IsTrading);
        Assert.Equal(CloseType.TrailingStop, executor.State.CloseType);
        Assert.Equal(closedAt, executor.State.CloseTimestamp);
        Assert.Equal(1.5m, executor.State.NetPnlQuote);
    }

    [Fact]
    public void Terminate_CloseTimeWithOffset_StoresSameInstantInUtc()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        var closedAt = new DateTimeOffset(2024, 1, 15, 13, 0, 0, TimeSpan.FromHours(2));

        // Act
        executor.Terminate(CloseType.TimeLimit, closedAt);

        // Assert
        Assert.Equal(TimeSpan.Zero, executor.State.CloseTimestamp!.Value.Offset);
        Assert.Equal(closedAt.UtcTicks, executor.State.CloseTimestamp.Value.UtcTicks);
        Assert.Equal(new DateTime(2024, 1, 15, 11, 0, 0, DateTimeKind.Utc), executor.State.CloseTimestamp.Value.DateTime);
    }

    [Theory]
    [InlineData("2024-01-15T10:29:59.9999999Z")] // one tick before the 10:30Z start
    [InlineData("2024-01-15T11:29:00+01:00")] // 10:29Z: before the start, though its clock reads later (instants compare)
    public void Terminate_CloseTimeBeforeTimestamp_ThrowsAndStaysActive(string closedAtText)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        var closedAt = DateTimeOffset.Parse(closedAtText, CultureInfo.InvariantCulture);

        // Act
        var exception = Record.Exception(() => executor.Terminate(CloseType.Failed, closedAt));

        // Assert
        var domainException = Assert.IsType<DomainException>(exception);
        Assert.Contains("close_timestamp", domainException.Message, StringComparison.Ordinal);
        Assert.Equal(ExecutorStatus.Running, executor.State.Status);
        Assert.Null(executor.State.CloseType);
        Assert.Null(executor.State.CloseTimestamp);
    }

    [Fact]
    public void Terminate_CloseTimeEqualToTimestamp_Terminates()
    {
        // Arrange
        var executor = new ExecutorBuilder().Build();

        // Act
        executor.Terminate(CloseType.Expired, ExecutorBuilder.Started);

        // Assert
        Assert.Equal(ExecutorStatus.Terminated, executor.State.Status);
        Assert.Equal(ExecutorBuilder.Started, executor.State.CloseTimestamp);
    }

    [Fact]
    public void Terminate_NoTimestamp_AcceptsAnyCloseTime()
    {
        // Arrange
        var executor = ExecutorBuilder.Bare(ExecutorBuilder.DefaultId).OfType(ExecutorTypes.Position).Build();
        var closedAt = DateTimeOffset.UnixEpoch;

        // Act
        executor.Terminate(CloseType.EarlyStop, closedAt);

        // Assert
        Assert.Equal(closedAt, executor.State.CloseTimestamp);
    }

    [Fact]
    public void Terminate_UndefinedCloseType_ThrowsAndStaysActive()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        var exception = Record.Exception(() => executor.Terminate((CloseType)0, ExecutorBuilder.Started.AddMinutes(1)));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.True(executor.IsActive);
    }

    /// <summary>
    /// Calls the one method of the aggregate that targets <paramref name="status"/>. No method targets NOT_STARTED.
    /// </summary>
    private static void MoveTo(Executor executor, ExecutorStatus status)
    {
        switch (status)
        {
            case ExecutorStatus.Running:
                executor.Start();
                break;
            case ExecutorStatus.ShuttingDown:
                executor.BeginShutdown();
                break;
            case ExecutorStatus.Terminated:
                executor.Terminate(CloseType.Completed, ExecutorBuilder.Started.AddHours(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }
}
