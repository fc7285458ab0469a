using Executors.Domain.Executors;

namespace Executors.Domain.Tests.Executors;

public sealed class ExecutorIdsTests
{
    [Theory]
    [InlineData(ExecutorBuilder.DefaultId)]
    [InlineData("a")]
    [InlineData("Z9")]
    [InlineData("a.b_c:d-e")]
    [InlineData("._:-")]
    public void IsWellFormed_AllowedCharacters_ReturnsTrue(string executorId)
    {
        // Arrange
        var id = executorId;

        // Act
        var wellFormed = ExecutorIds.IsWellFormed(id);

        // Assert
        Assert.True(wellFormed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad id")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    [InlineData("%2F")]
    [InlineData(".")] // dot segments are collapsed in URLs: such an executor could never be fetched
    [InlineData("..")]
    [InlineData("...")]
    [InlineData("é")]
    [InlineData("\u0430")] // Cyrillic a, looks like an ASCII letter.
    [InlineData("\uff41")] // Full-width a.
    [InlineData("\u0661")] // Arabic-Indic digit one: a digit, but not ASCII.
    public void IsWellFormed_EmptyOrDisallowedCharacter_ReturnsFalse(string? executorId)
    {
        // Arrange
        var id = executorId;

        // Act
        var wellFormed = ExecutorIds.IsWellFormed(id);

        // Assert
        Assert.False(wellFormed);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("summary")]
    [InlineData("Performance")] // routes match segments in any letter case
    [InlineData("TYPES")]
    [InlineData("positions")]
    public void IsWellFormed_RouteName_ReturnsFalse(string executorId)
    {
        // Act
        var wellFormed = ExecutorIds.IsWellFormed(executorId);

        // Assert: GET /executors/{that} would reach the route, never the executor.
        Assert.False(wellFormed);
    }

    [Theory]
    [InlineData("searches")]
    [InlineData("summary_1")]
    [InlineData("my-positions")]
    public void IsWellFormed_IdThatOnlyContainsARouteName_ReturnsTrue(string executorId)
    {
        // Act
        var wellFormed = ExecutorIds.IsWellFormed(executorId);

        // Assert
        Assert.True(wellFormed);
    }

    [Theory]
    [InlineData(ExecutorIds.MaxLength, true)]
    [InlineData(ExecutorIds.MaxLength + 1, false)]
    public void IsWellFormed_LengthAroundMaximum_TrueUpToMaxLength(int length, bool expected)
    {
        // Arrange
        var id = new string('a', length);

        // Act
        var wellFormed = ExecutorIds.IsWellFormed(id);

        // Assert
        Assert.Equal(expected, wellFormed);
    }
}
