using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

public sealed class ExecutorTypesTests
{
    [Fact]
    public void All_HummingbotExecutors_SpelledAsHummingbot()
    {
        // Arrange
        string[] expected =
        [
            "position_executor", "grid_executor", "dca_executor", "twap_executor",
            "arbitrage_executor", "xemm_executor", "order_executor", "lp_executor",
        ];

        // Act
        var all = ExecutorTypes.All;

        // Assert
        Assert.Equal(expected, all);
    }

    [Theory]
    [InlineData("position_executor", true)]
    [InlineData("lp_executor", true)]
    [InlineData("Position_Executor", false)]
    [InlineData("position_executor ", false)]
    [InlineData("market_making_executor", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnown_ExactSpellingOnly_MatchesAll(string? executorType, bool expected)
    {
        // Arrange
        var type = executorType;

        // Act
        var known = ExecutorTypes.IsKnown(type);

        // Assert
        Assert.Equal(expected, known);
    }
}
