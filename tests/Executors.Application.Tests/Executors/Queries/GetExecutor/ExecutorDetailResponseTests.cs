using System.Text.Json;
using AutoMapper;
using Executors.Application.Common.Mapping;
using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Tests.Executors.Queries.GetExecutor;

/// <summary>The JSON contract: System.Text.Json with default options, as nothing configured can change it.</summary>
public sealed class ExecutorDetailResponseTests
{
    private static readonly string[] ContractPropertyNames =
    [
        "executor_id", "executor_type", "account_name", "connector_name", "trading_pair", "status", "is_active",
        "is_trading", "net_pnl_quote", "net_pnl_pct", "cum_fees_quote", "filled_amount_quote", "side", "timestamp",
        "created_at", "close_type", "close_timestamp", "controller_id", "error_count", "last_error", "config",
        "custom_info",
    ];

    private static readonly string[] NullablePropertyNames =
    [
        "executor_type", "account_name", "connector_name", "trading_pair", "side", "timestamp", "created_at",
        "close_type", "close_timestamp", "controller_id", "last_error", "config", "custom_info",
    ];

    private static readonly IMapper Mapper = MapperFactory.CreateConfiguration().CreateMapper();

    [Fact]
    public void Serialize_ResponseWithNulls_WritesAllTwentyTwoSnakeCaseNames()
    {
        // Arrange
        var response = MinimalResponse();

        // Act
        var json = JsonSerializer.Serialize(response);

        // Assert
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(property => property.Name).ToArray();
        Assert.Equal(22, names.Length);
        Assert.Equal(ContractPropertyNames.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Serialize_ResponseWithNulls_WritesNullablePropertiesAsJsonNull()
    {
        // Arrange
        var response = MinimalResponse();

        // Act
        var json = JsonSerializer.Serialize(response);

        // Assert
        using var document = JsonDocument.Parse(json);
        Assert.All(
            NullablePropertyNames,
            name => Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty(name).ValueKind));
    }

    [Fact]
    public void Serialize_FullyPopulatedResponse_WritesWireValues()
    {
        // Arrange
        var response = Mapper.Map<ExecutorDetailResponse>(SampleExecutors.Full());

        // Act
        var json = JsonSerializer.Serialize(response);

        // Assert
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(22, root.EnumerateObject().Count());
        Assert.Equal(SampleExecutors.FullId, root.GetProperty("executor_id").GetString());
        Assert.Equal("TERMINATED", root.GetProperty("status").GetString());
        Assert.Equal("SELL", root.GetProperty("side").GetString());
        Assert.Equal("STOP_LOSS", root.GetProperty("close_type").GetString());
        Assert.Equal(JsonValueKind.False, root.GetProperty("is_active").ValueKind);
        Assert.Equal("1705314600.25", root.GetProperty("timestamp").GetRawText());
        Assert.Equal("1705317330.5", root.GetProperty("close_timestamp").GetRawText());
        Assert.Equal("2024-01-15T10:30:00Z", root.GetProperty("created_at").GetString());
        Assert.Equal("-12.3456789", root.GetProperty("net_pnl_quote").GetRawText());
        Assert.Equal(2, root.GetProperty("error_count").GetInt32());
        Assert.Equal(SampleExecutors.Config, root.GetProperty("config").GetRawText());
        Assert.Equal(SampleExecutors.CustomInfo, root.GetProperty("custom_info").GetRawText());
    }

    [Fact]
    public void Serialize_CreatedAtUtc_WritesIso8601WithZ()
    {
        // Arrange
        var response = MinimalResponse(createdAt: new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Utc));

        // Act
        var json = JsonSerializer.Serialize(response);

        // Assert
        using var document = JsonDocument.Parse(json);
        Assert.Equal("2024-01-15T10:30:00Z", document.RootElement.GetProperty("created_at").GetString());
    }

    private static ExecutorDetailResponse MinimalResponse(DateTime? createdAt = null) => new()
    {
        ExecutorId = "minimal-1",
        ExecutorType = null,
        AccountName = null,
        ConnectorName = null,
        TradingPair = null,
        Status = "NOT_STARTED",
        IsActive = true,
        IsTrading = false,
        NetPnlQuote = 0m,
        NetPnlPct = 0m,
        CumFeesQuote = 0m,
        FilledAmountQuote = 0m,
        CreatedAt = createdAt,
    };
}
