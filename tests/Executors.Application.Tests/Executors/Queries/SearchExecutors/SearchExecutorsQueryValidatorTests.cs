using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.SearchExecutors;

namespace Executors.Application.Tests.Executors.Queries.SearchExecutors;

public sealed class SearchExecutorsQueryValidatorTests
{
    private readonly SearchExecutorsQueryValidator _validator = new();

    [Fact]
    public void Validate_EmptyQuery_IsValid()
    {
        // Act / Assert
        Assert.True(_validator.Validate(new SearchExecutorsQuery()).IsValid);
    }

    [Fact]
    public void Validate_AllFiltersAndAValidCursor_IsValid()
    {
        // Arrange
        var query = new SearchExecutorsQuery
        {
            AccountNames = ["a"], ConnectorNames = ["binance"], TradingPairs = ["BTC-USDT"], ExecutorTypes = ["grid_executor"],
            ControllerIds = ["c"], Status = "RUNNING", Limit = 1000,
        };
        var cursor = ExecutorCursor.Encode(new ExecutorListPosition(DateTimeOffset.UnixEpoch, "x"), query.ToFilter());

        // Act / Assert
        Assert.True(_validator.Validate(query with { Cursor = cursor }).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(int.MinValue)]
    public void Validate_LimitOutOfRange_FailsOnLimit(int limit)
    {
        // Act
        var result = _validator.Validate(new SearchExecutorsQuery { Limit = limit });

        // Assert
        Assert.Contains(result.Errors, error => error.PropertyName == "limit");
    }

    [Fact]
    public void Validate_CursorLongerThan512_FailsOnCursor()
    {
        // Act
        var result = _validator.Validate(new SearchExecutorsQuery { Cursor = new string('A', 513) });

        // Assert
        Assert.Contains(result.Errors, error => error.PropertyName == "cursor");
    }

    [Fact]
    public void Validate_OverlongTradingPair_FailsOnTradingPairs()
    {
        // Act
        var result = _validator.Validate(new SearchExecutorsQuery { TradingPairs = [new string('X', 65)] });

        // Assert
        Assert.Contains(result.Errors, error => error.PropertyName.StartsWith("trading_pairs", StringComparison.Ordinal));
    }
}
