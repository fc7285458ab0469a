using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

/// <summary><see cref="Executor.Create"/>: what a new executor holds and which arguments it refuses.</summary>
public sealed class ExecutorTests
{
    private const string Config =
        """{"connector_name":"binance_perpetual","trading_pair":"BTC-USDT","amount":"0.01","leverage":20}""";

    private const string CustomInfo = """{"level_id":"L1","current_retries":0}""";

    public static TheoryData<string> MalformedIds =>
    [
        string.Empty,
        new string('a', ExecutorIds.MaxLength + 1),
        "bad id",
        " leading",
        "trailing ",
        "a/b",
        "a\\b",
        "%2F",
        "é",
        "caf\u00e9",
        "id\u0000",
        "id\n",
        "a?b",
        "a#b",
    ];

    public static TheoryData<string> WellFormedIds =>
    [
        ExecutorBuilder.DefaultId,
        "a",
        "7",
        new string('a', ExecutorIds.MaxLength),
        "a.b_c:d-e",
        "controller-1:position_executor.42",
        ".a.",
    ];

    public static TheoryData<string> KnownExecutorTypes => [.. ExecutorTypes.All];

    public static TheoryData<string> NotJsonObjects =>
    [
        "[]",
        """[{"a":1}]""",
        "42",
        "1.5",
        "\"text\"",
        "true",
        "false",
        "null",
        string.Empty,
        "   ",
        "{",
        """{"a":1""",
        """{"a":}""",
        "{'a':1}",
        """{"a":1,}""",
        "{} {}",
        "not json",
    ];

    [Fact]
    public void Create_AllArguments_SetsEveryField()
    {
        // Arrange
        var timestamp = new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);
        var createdAt = new DateTimeOffset(2024, 1, 15, 10, 30, 5, TimeSpan.Zero);

        // Act
        var executor = Executor.Create(
            ExecutorBuilder.DefaultId,
            ExecutorTypes.Grid,
            "master_account",
            "binance_perpetual",
            "BTC-USDT",
            TradeSide.Sell,
            "grid_controller_1",
            timestamp,
            createdAt,
            Config,
            CustomInfo);

        // Assert
        Assert.Equal(ExecutorBuilder.DefaultId, executor.ExecutorId);
        Assert.Equal(ExecutorTypes.Grid, executor.State.ExecutorType);
        Assert.Equal("master_account", executor.State.AccountName);
        Assert.Equal("binance_perpetual", executor.State.ConnectorName);
        Assert.Equal("BTC-USDT", executor.State.TradingPair);
        Assert.Equal(TradeSide.Sell, executor.State.Side);
        Assert.Equal("grid_controller_1", executor.State.ControllerId);
        Assert.Equal(timestamp, executor.State.Timestamp);
        Assert.Equal(createdAt, executor.State.CreatedAt);
        Assert.Equal(Config, executor.State.Config?.Json);
        Assert.Equal(CustomInfo, executor.State.CustomInfo?.Json);
    }

    [Fact]
    public void Create_AllArguments_StartsNotStartedWithNoPerformanceNorErrors()
    {
        // Arrange
        var timestamp = ExecutorBuilder.Started;

        // Act
        var executor = Executor.Create(
            ExecutorBuilder.DefaultId,
            ExecutorTypes.Position,
            "master_account",
            "binance",
            "ETH-USDT",
            TradeSide.Buy,
            "controller",
            timestamp,
            timestamp,
            Config,
            CustomInfo);

        // Assert
        Assert.Equal(ExecutorStatus.NotStarted, executor.State.Status);
        Assert.True(executor.IsActive);
        Assert.False(executor.State.IsTrading);
        Assert.Equal(0m, executor.State.NetPnlQuote);
        Assert.Equal(0m, executor.State.NetPnlPct);
        Assert.Equal(0m, executor.State.CumFeesQuote);
        Assert.Equal(0m, executor.State.FilledAmountQuote);
        Assert.Empty(executor.ErrorLog);
        Assert.Equal(0, executor.ErrorCount);
        Assert.Null(executor.LastError);
        Assert.Null(executor.State.CloseType);
        Assert.Null(executor.State.CloseTimestamp);
    }

    [Fact]
    public void Create_OnlyRequiredArguments_LeavesOptionalFieldsNull()
    {
        // Arrange
        const string id = "a";

        // Act
        var executor = Executor.Create(id, null, null, null, null);

        // Assert
        Assert.Equal(id, executor.ExecutorId);
        Assert.Null(executor.State.ExecutorType);
        Assert.Null(executor.State.AccountName);
        Assert.Null(executor.State.ConnectorName);
        Assert.Null(executor.State.TradingPair);
        Assert.Null(executor.State.Side);
        Assert.Equal("main", executor.State.ControllerId); // the original's default controller
        Assert.Null(executor.State.Timestamp);
        Assert.Null(executor.State.CreatedAt);
        Assert.Null(executor.State.Config?.Json);
        Assert.Null(executor.State.CustomInfo?.Json);
        Assert.Equal(ExecutorStatus.NotStarted, executor.State.Status);
    }

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public void Create_MalformedId_ThrowsDomainException(string executorId)
    {
        // Arrange
        var create = () => Executor.Create(executorId, ExecutorTypes.Position, "account", "binance", "BTC-USDT");

        // Act
        var exception = Record.Exception(create);

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Contains("executor_id", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WellFormedIds))]
    public void Create_WellFormedId_KeepsId(string executorId)
    {
        // Arrange
        var type = ExecutorTypes.Position;

        // Act
        var executor = Executor.Create(executorId, type, "account", "binance", "BTC-USDT");

        // Assert
        Assert.Equal(executorId, executor.ExecutorId);
    }

    [Theory]
    [InlineData("unknown_executor")]
    [InlineData("Position_Executor")]
    [InlineData("POSITION_EXECUTOR")]
    [InlineData("position")]
    [InlineData(" position_executor")]
    [InlineData("")]
    public void Create_UnknownExecutorType_ThrowsDomainException(string executorType)
    {
        // Arrange
        var create = () => Executor.Create(ExecutorBuilder.DefaultId, executorType, "account", "binance", "BTC-USDT");

        // Act
        var exception = Record.Exception(create);

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Contains("executor_type", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KnownExecutorTypes))]
    public void Create_KnownExecutorType_KeepsType(string executorType)
    {
        // Arrange
        var id = ExecutorBuilder.DefaultId;

        // Act
        var executor = Executor.Create(id, executorType, "account", "binance", "BTC-USDT");

        // Assert
        Assert.Equal(executorType, executor.State.ExecutorType);
    }

    [Fact]
    public void Create_UndefinedSide_ThrowsDomainException()
    {
        // Arrange
        var side = (TradeSide)99;

        // Act
        var exception = Record.Exception(
            () => Executor.Create(ExecutorBuilder.DefaultId, ExecutorTypes.Position, null, null, null, side));

        // Assert
        Assert.IsType<DomainException>(exception);
    }

    [Theory]
    [InlineData("account_name", Executor.MaxAccountNameLength)]
    [InlineData("connector_name", Executor.MaxConnectorNameLength)]
    [InlineData("trading_pair", Executor.MaxTradingPairLength)]
    [InlineData("controller_id", Executor.MaxControllerIdLength)]
    public void Create_FieldOneCharacterTooLong_ThrowsDomainException(string field, int maxLength)
    {
        // Arrange
        var value = new string('x', maxLength + 1);

        // Act
        var exception = Record.Exception(() => CreateWithField(field, value));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("account_name", Executor.MaxAccountNameLength)]
    [InlineData("connector_name", Executor.MaxConnectorNameLength)]
    [InlineData("trading_pair", Executor.MaxTradingPairLength)]
    [InlineData("controller_id", Executor.MaxControllerIdLength)]
    public void Create_FieldAtMaximumLength_KeepsValue(string field, int maxLength)
    {
        // Arrange
        var value = new string('x', maxLength);

        // Act
        var executor = CreateWithField(field, value);

        // Assert
        var stored = field switch
        {
            "account_name" => executor.State.AccountName,
            "connector_name" => executor.State.ConnectorName,
            "trading_pair" => executor.State.TradingPair,
            _ => executor.State.ControllerId,
        };
        Assert.Equal(value, stored);
    }

    [Theory]
    [MemberData(nameof(NotJsonObjects))]
    public void Create_ConfigNotAJsonObject_ThrowsDomainException(string config)
    {
        // Arrange
        var create = () => Executor.Create(
            ExecutorBuilder.DefaultId, ExecutorTypes.Position, null, null, null, config: config);

        // Act
        var exception = Record.Exception(create);

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Contains("config", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotJsonObjects))]
    public void Create_CustomInfoNotAJsonObject_ThrowsDomainException(string customInfo)
    {
        // Arrange
        var create = () => Executor.Create(
            ExecutorBuilder.DefaultId, ExecutorTypes.Position, null, null, null, customInfo: customInfo);

        // Act
        var exception = Record.Exception(create);

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Contains("custom_info", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NullConfigAndCustomInfo_KeepsNull()
    {
        // Arrange
        string? config = null;
        string? customInfo = null;

        // Act
        var executor = Executor.Create(
            ExecutorBuilder.DefaultId, ExecutorTypes.Position, null, null, null, config: config, customInfo: customInfo);

        // Assert
        Assert.Null(executor.State.Config?.Json);
        Assert.Null(executor.State.CustomInfo?.Json);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "b" : 2,  "a" : [1, 2.50, "x"], "nested": {"z": null} }""")]
    [InlineData("\n{\n  \"amount\": \"0.0100\",\n  \"leverage\": 20\n}\n")]
    public void Create_JsonObjects_KeepsTextUnchanged(string json)
    {
        // Arrange
        var id = ExecutorBuilder.DefaultId;

        // Act
        var executor = Executor.Create(id, ExecutorTypes.Position, null, null, null, config: json, customInfo: json);

        // Assert
        Assert.Equal(json, executor.State.Config?.Json);
        Assert.Equal(json, executor.State.CustomInfo?.Json);
    }

    [Fact]
    public void Create_TimesWithOffset_StoresSameInstantInUtc()
    {
        // Arrange
        var timestamp = new DateTimeOffset(2024, 1, 15, 12, 30, 0, TimeSpan.FromHours(2));
        var createdAt = new DateTimeOffset(2024, 1, 15, 12, 30, 5, TimeSpan.FromHours(2));

        // Act
        var executor = Executor.Create(
            ExecutorBuilder.DefaultId, ExecutorTypes.Position, null, null, null, timestamp: timestamp, createdAt: createdAt);

        // Assert
        Assert.Equal(TimeSpan.Zero, executor.State.Timestamp!.Value.Offset);
        Assert.Equal(timestamp.UtcTicks, executor.State.Timestamp.Value.UtcTicks);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Utc), executor.State.Timestamp.Value.DateTime);
        Assert.Equal(TimeSpan.Zero, executor.State.CreatedAt!.Value.Offset);
        Assert.Equal(createdAt.UtcTicks, executor.State.CreatedAt.Value.UtcTicks);
    }

    [Fact]
    public void UpdateCustomInfo_JsonObject_ReplacesCustomInfo()
    {
        // Arrange
        var executor = new ExecutorBuilder().Build();
        const string customInfo = """{"current_retries":3}""";

        // Act
        executor.UpdateCustomInfo(customInfo);

        // Assert
        Assert.Equal(customInfo, executor.State.CustomInfo?.Json);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("7")]
    [InlineData("{")]
    public void UpdateCustomInfo_NotAJsonObject_ThrowsAndKeepsPrevious(string customInfo)
    {
        // Arrange
        var executor = Executor.Create(
            ExecutorBuilder.DefaultId, ExecutorTypes.Position, null, null, null, customInfo: CustomInfo);

        // Act
        var exception = Record.Exception(() => executor.UpdateCustomInfo(customInfo));

        // Assert
        Assert.IsType<DomainException>(exception);
        Assert.Equal(CustomInfo, executor.State.CustomInfo?.Json);
    }

    private static Executor CreateWithField(string field, string value) =>
        Executor.Create(
            ExecutorBuilder.DefaultId,
            ExecutorTypes.Position,
            accountName: field == "account_name" ? value : "account",
            connectorName: field == "connector_name" ? value : "binance",
            tradingPair: field == "trading_pair" ? value : "BTC-USDT",
            controllerId: field == "controller_id" ? value : "controller");
}
