using System.Text.Json;
using AutoMapper;
using Executors.Application.Common.Mapping;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Executors.Queries.GetExecutor;

/// <summary>Aggregate → <see cref="ExecutorDetailResponse"/>, field by field.</summary>
public sealed class ExecutorDetailProfileTests
{
    private static readonly IMapper Mapper = MapperFactory.CreateConfiguration().CreateMapper();

    [Fact]
    public void Map_FullyPopulatedTerminatedExecutor_MapsIdentityAndMarket()
    {
        // Arrange
        var executor = SampleExecutors.Full();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(SampleExecutors.FullId, response.ExecutorId);
        Assert.Equal("position_executor", response.ExecutorType);
        Assert.Equal("master_account", response.AccountName);
        Assert.Equal("binance_perpetual", response.ConnectorName);
        Assert.Equal("BTC-USDT", response.TradingPair);
        Assert.Equal("momentum_controller_1", response.ControllerId);
    }

    [Fact]
    public void Map_FullyPopulatedTerminatedExecutor_MapsEnumsAsWireCodes()
    {
        // Arrange
        var executor = SampleExecutors.Full();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal("TERMINATED", response.Status);
        Assert.Equal("SELL", response.Side);
        Assert.Equal("STOP_LOSS", response.CloseType);
        Assert.False(response.IsActive);
        Assert.False(response.IsTrading);
    }

    [Fact]
    public void Map_FullyPopulatedTerminatedExecutor_MapsPerformance()
    {
        // Arrange
        var executor = SampleExecutors.Full();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(-12.3456789m, response.NetPnlQuote);
        Assert.Equal(-0.0123m, response.NetPnlPct);
        Assert.Equal(0.4321m, response.CumFeesQuote);
        Assert.Equal(1000.5m, response.FilledAmountQuote);
    }

    [Fact]
    public void Map_FullyPopulatedTerminatedExecutor_MapsTimesAsUnixSecondsAndUtc()
    {
        // Arrange
        var executor = SampleExecutors.Full();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(1705314600.25m, response.Timestamp);
        Assert.Equal(1705317330.5m, response.CloseTimestamp);
        Assert.NotNull(response.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, response.CreatedAt.Value.Kind);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Utc), response.CreatedAt.Value);
        Assert.Equal(SampleExecutors.CreatedAt.UtcDateTime, response.CreatedAt.Value);
    }

    [Fact]
    public void Map_FullyPopulatedTerminatedExecutor_PassesTheStoredJsonThroughAndWritesItAsObjects()
    {
        // Arrange
        var executor = SampleExecutors.Full();
        using var expectedConfig = JsonDocument.Parse(SampleExecutors.Config);
        using var expectedCustomInfo = JsonDocument.Parse(SampleExecutors.CustomInfo);

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(response));

        // Assert: the stored text is carried as it is (no parse), and goes out as JSON objects, not strings.
        Assert.Equal(executor.State.Config?.Json, response.Config);
        Assert.Equal(executor.State.CustomInfo?.Json, response.CustomInfo);
        var config = written.RootElement.GetProperty("config");
        var customInfo = written.RootElement.GetProperty("custom_info");
        Assert.Equal(JsonValueKind.Object, config.ValueKind);
        Assert.True(JsonElement.DeepEquals(expectedConfig.RootElement, config));
        Assert.True(JsonElement.DeepEquals(expectedCustomInfo.RootElement, customInfo));
        Assert.Equal(20, config.GetProperty("leverage").GetInt32());
        Assert.Equal("0.03", config.GetProperty("triple_barrier_config").GetProperty("stop_loss").GetString());
        Assert.Equal("L1", customInfo.GetProperty("level_id").GetString());
    }

    [Fact]
    public void Map_FullyPopulatedTerminatedExecutor_MapsErrorCountAndLatestError()
    {
        // Arrange: the latest error by time was recorded first.
        var executor = SampleExecutors.Full();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(2, response.ErrorCount);
        Assert.Equal("Order rejected: price out of range", response.LastError);
    }

    [Fact]
    public void Map_MinimalExecutor_MapsNullsAndZeros()
    {
        // Arrange
        var executor = SampleExecutors.Minimal();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(SampleExecutors.MinimalId, response.ExecutorId);
        Assert.Null(response.ExecutorType);
        Assert.Null(response.AccountName);
        Assert.Null(response.ConnectorName);
        Assert.Null(response.TradingPair);
        Assert.Equal("NOT_STARTED", response.Status);
        Assert.True(response.IsActive);
        Assert.False(response.IsTrading);
        Assert.Equal(0m, response.NetPnlQuote);
        Assert.Equal(0m, response.NetPnlPct);
        Assert.Equal(0m, response.CumFeesQuote);
        Assert.Equal(0m, response.FilledAmountQuote);
        Assert.Null(response.Side);
        Assert.Null(response.Timestamp);
        Assert.Null(response.CreatedAt);
        Assert.Null(response.CloseType);
        Assert.Null(response.CloseTimestamp);
        Assert.Equal("main", response.ControllerId);
        Assert.Equal(0, response.ErrorCount);
        Assert.Null(response.LastError);
        Assert.Null(response.Config);
        Assert.Null(response.CustomInfo);
    }

    [Theory]
    [InlineData(ExecutorStatus.NotStarted, "NOT_STARTED", true)]
    [InlineData(ExecutorStatus.Running, "RUNNING", true)]
    [InlineData(ExecutorStatus.ShuttingDown, "SHUTTING_DOWN", true)]
    [InlineData(ExecutorStatus.Terminated, "TERMINATED", false)]
    public void Map_EachStatus_MapsCodeAndIsActive(ExecutorStatus status, string expectedCode, bool expectedActive)
    {
        // Arrange
        var executor = SampleExecutors.Minimal();
        if (status >= ExecutorStatus.Running)
        {
            executor.Start();
        }

        if (status >= ExecutorStatus.ShuttingDown)
        {
            executor.BeginShutdown();
        }

        if (status == ExecutorStatus.Terminated)
        {
            executor.Terminate(CloseType.Completed, DateTimeOffset.UnixEpoch);
        }

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(expectedCode, response.Status);
        Assert.Equal(expectedActive, response.IsActive);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1L, "0.0000001")]
    [InlineData(TimeSpan.TicksPerSecond + 1, "1.0000001")]
    [InlineData(-TimeSpan.TicksPerSecond / 2, "-0.5")]
    public void Map_TimestampTicksFromEpoch_KeepsEveryTick(long ticksFromEpoch, string expectedSeconds)
    {
        // Arrange
        var timestamp = DateTimeOffset.UnixEpoch.AddTicks(ticksFromEpoch);
        var executor = ExecutorBuilder.Bare("t").ForAccount(null).At(timestamp).Build();

        // Act
        var response = Mapper.Map<ExecutorDetailResponse>(executor);

        // Assert
        Assert.Equal(decimal.Parse(expectedSeconds, System.Globalization.CultureInfo.InvariantCulture), response.Timestamp);
    }
}
