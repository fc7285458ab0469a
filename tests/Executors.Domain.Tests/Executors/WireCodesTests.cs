using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary>The wire codes of Hummingbot's enumerations, spelled exactly as Hummingbot spells them.</summary>
public sealed class WireCodesTests
{
    public static TheoryData<ExecutorStatus, string> StatusCodes => new()
    {
        { ExecutorStatus.NotStarted, "NOT_STARTED" },
        { ExecutorStatus.Running, "RUNNING" },
        { ExecutorStatus.ShuttingDown, "SHUTTING_DOWN" },
        { ExecutorStatus.Terminated, "TERMINATED" },
    };

    public static TheoryData<TradeSide, string> SideCodes => new()
    {
        { TradeSide.Buy, "BUY" },
        { TradeSide.Sell, "SELL" },
        { TradeSide.Range, "RANGE" },
    };

    public static TheoryData<CloseType, string> CloseTypeCodes => new()
    {
        { CloseType.TimeLimit, "TIME_LIMIT" },
        { CloseType.StopLoss, "STOP_LOSS" },
        { CloseType.TakeProfit, "TAKE_PROFIT" },
        { CloseType.Expired, "EXPIRED" },
        { CloseType.EarlyStop, "EARLY_STOP" },
        { CloseType.TrailingStop, "TRAILING_STOP" },
        { CloseType.InsufficientBalance, "INSUFFICIENT_BALANCE" },
        { CloseType.Failed, "FAILED" },
        { CloseType.Completed, "COMPLETED" },
        { CloseType.PositionHold, "POSITION_HOLD" },
    };

    [Theory]
    [MemberData(nameof(StatusCodes))]
    public void ToCode_ExecutorStatus_SpelledAsHummingbot(ExecutorStatus status, string expected)
    {
        // Arrange
        var value = status;

        // Act
        var code = WireCodes.ToCode(value);

        // Assert
        Assert.Equal(expected, code);
    }

    [Theory]
    [MemberData(nameof(SideCodes))]
    public void ToCode_TradeSide_SpelledAsHummingbot(TradeSide side, string expected)
    {
        // Arrange
        var value = side;

        // Act
        var code = WireCodes.ToCode(value);

        // Assert
        Assert.Equal(expected, code);
    }

    [Theory]
    [MemberData(nameof(CloseTypeCodes))]
    public void ToCode_CloseType_SpelledAsHummingbot(CloseType closeType, string expected)
    {
        // Arrange
        var value = closeType;

        // Act
        var code = WireCodes.ToCode(value);

        // Assert
        Assert.Equal(expected, code);
    }

    [Fact]
    public void AllCodes_ExecutorStatus_EveryValueInDeclarationOrder()
    {
        // Arrange
        string[] expected = ["NOT_STARTED", "RUNNING", "SHUTTING_DOWN", "TERMINATED"];

        // Act
        var codes = WireCodes.AllCodes<ExecutorStatus>();

        // Assert
        Assert.Equal(expected, codes);
    }

    [Fact]
    public void AllCodes_TradeSide_EveryValueInDeclarationOrder()
    {
        // Arrange
        string[] expected = ["BUY", "SELL", "RANGE"];

        // Act
        var codes = WireCodes.AllCodes<TradeSide>();

        // Assert
        Assert.Equal(expected, codes);
    }

    [Fact]
    public void AllCodes_CloseType_EveryValueInDeclarationOrder()
    {
        // Arrange
        string[] expected =
        [
            "TIME_LIMIT", "STOP_LOSS", "TAKE_PROFIT", "EXPIRED", "EARLY_STOP",
            "TRAILING_STOP", "INSUFFICIENT_BALANCE", "FAILED", "COMPLETED", "POSITION_HOLD",
        ];

        // Act
        var codes = WireCodes.AllCodes<CloseType>();

        // Assert
        Assert.Equal(expected, codes);
    }

    [Theory]
    [MemberData(nameof(StatusCodes))]
    public void Parse_ExecutorStatusCode_RoundTrips(ExecutorStatus status, string code)
    {
        // Arrange
        var written = WireCodes.ToCode(status);

        // Act
        var parsed = WireCodes.Parse<ExecutorStatus>(written);
        var found = WireCodes.TryParse<ExecutorStatus>(code, out var tried);

        // Assert
        Assert.Equal(status, parsed);
        Assert.True(found);
        Assert.Equal(status, tried);
    }

    [Theory]
    [MemberData(nameof(SideCodes))]
    public void Parse_TradeSideCode_RoundTrips(TradeSide side, string code)
    {
        // Arrange
        var written = WireCodes.ToCode(side);

        // Act
        var parsed = WireCodes.Parse<TradeSide>(written);
        var found = WireCodes.TryParse<TradeSide>(code, out var tried);

        // Assert
        Assert.Equal(side, parsed);
        Assert.True(found);
        Assert.Equal(side, tried);
    }

    [Theory]
    [MemberData(nameof(CloseTypeCodes))]
    public void Parse_CloseTypeCode_RoundTrips(CloseType closeType, string code)
    {
        // Arrange
        var written = WireCodes.ToCode(closeType);

        // Act
        var parsed = WireCodes.Parse<CloseType>(written);
        var found = WireCodes.TryParse<CloseType>(code, out var tried);

        // Assert
        Assert.Equal(closeType, parsed);
        Assert.True(found);
        Assert.Equal(closeType, tried);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("Running")]
    [InlineData("not_started")]
    [InlineData("NotStarted")]
    [InlineData("NOT STARTED")]
    [InlineData("NOTSTARTED")]
    [InlineData(" RUNNING")]
    [InlineData("RUNNING ")]
    [InlineData("PAUSED")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAnExecutorStatusCode_ReturnsFalse(string? code)
    {
        // Arrange
        var input = code;

        // Act
        var found = WireCodes.TryParse<ExecutorStatus>(input, out var value);

        // Assert
        Assert.False(found);
        Assert.Equal(default, value);
    }

    [Theory]
    [InlineData("buy")]
    [InlineData("Sell")]
    [InlineData("LONG")]
    [InlineData("1")]
    [InlineData(null)]
    public void TryParse_NotATradeSideCode_ReturnsFalse(string? code)
    {
        // Arrange
        var input = code;

        // Act
        var found = WireCodes.TryParse<TradeSide>(input, out _);

        // Assert
        Assert.False(found);
    }

    [Theory]
    [InlineData("stop_loss")]
    [InlineData("StopLoss")]
    [InlineData("STOPLOSS")]
    [InlineData("CANCELLED")]
    [InlineData(null)]
    public void TryParse_NotACloseTypeCode_ReturnsFalse(string? code)
    {
        // Arrange
        var input = code;

        // Act
        var found = WireCodes.TryParse<CloseType>(input, out _);

        // Assert
        Assert.False(found);
    }

    [Fact]
    public void TryParse_CodeOfAnotherEnum_ReturnsFalse()
    {
        // Arrange
        var sideCode = WireCodes.ToCode(TradeSide.Buy);

        // Act
        var found = WireCodes.TryParse<CloseType>(sideCode, out _);

        // Assert
        Assert.False(found);
    }

    [Fact]
    public void Parse_UnknownCode_ThrowsFormatException()
    {
        // Arrange
        const string code = "running";

        // Act
        var exception = Record.Exception(() => WireCodes.Parse<ExecutorStatus>(code));

        // Assert
        Assert.IsType<FormatException>(exception);
    }

    [Fact]
    public void ToCode_UndefinedValue_ThrowsArgumentOutOfRangeException()
    {
        // Arrange
        var undefined = (CloseType)42;

        // Act
        var exception = Record.Exception(() => WireCodes.ToCode(undefined));

        // Assert
        Assert.IsType<ArgumentOutOfRangeException>(exception);
    }
}
