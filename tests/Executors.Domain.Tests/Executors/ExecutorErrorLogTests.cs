using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary><see cref="Executor.RecordError"/> and what follows from the log: ErrorCount and LastError.</summary>
public sealed class ExecutorErrorLogTests
{
    private static readonly DateTimeOffset T1 = ExecutorBuilder.Started.AddMinutes(1);
    private static readonly DateTimeOffset T2 = ExecutorBuilder.Started.AddMinutes(2);
    private static readonly DateTimeOffset T3 = ExecutorBuilder.Started.AddMinutes(3);

    [Fact]
    public void RecordError_FirstEntry_CountsOneAndBecomesLastError()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        executor.RecordError(T1, "Order rejected: insufficient margin", "InsufficientMargin: need 10 USDT");

        // Assert
        Assert.Equal(1, executor.ErrorCount);
        Assert.Equal("Order rejected: insufficient margin", executor.LastError);
        var entry = Assert.Single(executor.ErrorLog);
        Assert.Equal(new ExecutorErrorEntry(T1, "Order rejected: insufficient margin", "InsufficientMargin: need 10 USDT"), entry);
    }

    [Fact]
    public void RecordError_InTimeOrder_LastErrorIsMostRecent()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        executor.RecordError(T1, "first");
        executor.RecordError(T2, "second");
        executor.RecordError(T3, "third");

        // Assert
        Assert.Equal(3, executor.ErrorCount);
        Assert.Equal("third", executor.LastError);
        Assert.Equal(["first", "second", "third"], executor.ErrorLog.Select(entry => entry.Message));
    }

    [Fact]
    public void RecordError_OutOfOrder_KeepsLogOrderedByTimestamp()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        executor.RecordError(T2, "second");
        executor.RecordError(T3, "third");
        executor.RecordError(T1, "first");

        // Assert
        Assert.Equal(["first", "second", "third"], executor.ErrorLog.Select(entry => entry.Message));
        Assert.Equal([T1, T2, T3], executor.ErrorLog.Select(entry => entry.Timestamp));
        Assert.Equal(3, executor.ErrorCount);
    }

    [Fact]
    public void RecordError_OlderEntryAfterNewer_LastErrorStaysMostRecent()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        executor.RecordError(T3, "latest");

        // Act
        executor.RecordError(T1, "late-arriving but older");

        // Assert
        Assert.Equal("latest", executor.LastError);
        Assert.Equal(2, executor.ErrorCount);
    }

    [Fact]
    public void RecordError_NewerInOtherOffset_OrdersByInstant()
    {
        // Arrange: 09:32-01:00 is 10:32Z, one minute after T1 (10:31Z) although its clock reads earlier.
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        var laterInOtherOffset = new DateTimeOffset(2024, 1, 15, 9, 32, 0, TimeSpan.FromHours(-1));
        executor.RecordError(laterInOtherOffset, "later");

        // Act
        executor.RecordError(T1, "earlier");

        // Assert
        Assert.Equal(["earlier", "later"], executor.ErrorLog.Select(entry => entry.Message));
        Assert.Equal("later", executor.LastError);
    }

    [Fact]
    public void RecordError_SameTimestamp_KeepsArrivalOrder()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        executor.RecordError(T2, "first at T2");

        // Act
        executor.RecordError(T2, "second at T2");

        // Assert
        Assert.Equal(["first at T2", "second at T2"], executor.ErrorLog.Select(entry => entry.Message));
        Assert.Equal("second at T2", executor.LastError);
    }

    [Fact]
    public void RecordError_TimestampWithOffset_StoresSameInstantInUtc()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        var loggedAt = new DateTimeOffset(2024, 1, 15, 12, 31, 0, TimeSpan.FromHours(2));

        // Act
        executor.RecordError(loggedAt, "boom");

        // Assert
        var entry = Assert.Single(executor.ErrorLog);
        Assert.Equal(TimeSpan.Zero, entry.Timestamp.Offset);
        Assert.Equal(loggedAt.UtcTicks, entry.Timestamp.UtcTicks);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 31, 0, DateTimeKind.Utc), entry.Timestamp.DateTime);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public void RecordError_BlankMessage_ThrowsAndLogsNothing(string? message)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();

        // Act
        var exception = Record.Exception(() => executor.RecordError(T1, message!));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Equal(0, executor.ErrorCount);
        Assert.Null(executor.LastError);
    }

    [Theory]
    [InlineData("message", Executor.MaxErrorMessageLength + 1, 0)]
    [InlineData("exc_info", 0, Executor.MaxExceptionInfoLength + 1)]
    public void RecordError_FieldOneCharacterTooLong_ThrowsNamingItAndLogsNothing(string field, int extraMessageLength, int exceptionInfoLength)
    {
        // Arrange: "boom" plus the extra length as the message; the exception info of the given length.
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        var message = extraMessageLength == 0 ? "boom" : new string('m', extraMessageLength);
        var exceptionInfo = exceptionInfoLength == 0 ? null : new string('e', exceptionInfoLength);

        // Act
        var exception = Record.Exception(() => executor.RecordError(T1, message, exceptionInfo));

        // Assert
        var domainException = Assert.IsType<DomainException>(exception);
        Assert.Contains(field, domainException.Message, StringComparison.Ordinal);
        Assert.Empty(executor.ErrorLog);
    }

    [Theory]
    [InlineData(Executor.MaxErrorMessageLength, 0)]
    [InlineData(4, Executor.MaxExceptionInfoLength)]
    public void RecordError_FieldAtMaximumLength_IsKeptWhole(int messageLength, int exceptionInfoLength)
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Running).Build();
        var message = new string('m', messageLength);
        var exceptionInfo = exceptionInfoLength == 0 ? null : new string('e', exceptionInfoLength);

        // Act
        executor.RecordError(T1, message, exceptionInfo);

        // Assert
        Assert.Equal(message, executor.LastError);
        Assert.Equal(exceptionInfo, Assert.Single(executor.ErrorLog).ExceptionInfo);
    }

    [Fact]
    public void RecordError_Terminated_ThrowsAndLogsNothing()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Terminated).Build();
        var before = executor.ErrorCount;

        // Act
        var exception = Record.Exception(() => executor.RecordError(ExecutorBuilder.Started.AddDays(1), "late error"));

        // Assert: a TERMINATED executor is a closed record.
        Assert.IsType<DomainException>(exception);
        Assert.Equal(before, executor.ErrorCount);
    }

    [Fact]
    public void UpdateCustomInfo_Terminated_ThrowsAndKeepsIt()
    {
        // Arrange
        var executor = new ExecutorBuilder().WithStatus(ExecutorStatus.Terminated).Build();
        var before = executor.State.CustomInfo;

        // Act
        var exception = Record.Exception(() => executor.UpdateCustomInfo("""{"late": true}"""));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Equal(before, executor.State.CustomInfo);
    }
}
