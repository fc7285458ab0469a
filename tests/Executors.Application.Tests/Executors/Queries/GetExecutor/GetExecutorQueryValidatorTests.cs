using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Tests.Executors.Queries.GetExecutor;

public sealed class GetExecutorQueryValidatorTests
{
    private readonly GetExecutorQueryValidator _validator = new();

    public static TheoryData<string> GoodIds =>
    [
        SampleExecutors.FullId,
        "a",
        new string('a', 128),
        "a.b_c:d-e",
    ];

    public static TheoryData<string> BadIds =>
    [
        string.Empty,
        " ",
        new string('a', 129),
        "bad id",
        "a/b",
        "é",
        "%2F",
    ];

    [Theory]
    [MemberData(nameof(GoodIds))]
    public void Validate_WellFormedId_IsValid(string executorId)
    {
        // Arrange
        var query = new GetExecutorQuery(executorId);

        // Act
        var result = _validator.Validate(query);

        // Assert
        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public void Validate_MalformedId_FailsOnExecutorIdOnly(string executorId)
    {
        // Arrange
        var query = new GetExecutorQuery(executorId);

        // Act
        var result = _validator.Validate(query);

        // Assert
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("executor_id", error.PropertyName);
        Assert.StartsWith("executor_id ", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "executor_id is required.")]
    [InlineData("a/b", "executor_id may contain only letters, digits and '.', '_', ':', '-' (and not only dots).")]
    public void Validate_MalformedId_ExplainsTheRule(string executorId, string expectedMessage)
    {
        // Arrange
        var query = new GetExecutorQuery(executorId);

        // Act
        var result = _validator.Validate(query);

        // Assert
        Assert.Equal(expectedMessage, Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void Validate_IdOneCharacterTooLong_ReportsLengthOnly()
    {
        // Arrange: 129 characters also fail IsWellFormed; the cascade stops at the first failed rule.
        var query = new GetExecutorQuery(new string('a', 129));

        // Act
        var result = _validator.Validate(query);

        // Assert
        Assert.Equal("executor_id must be at most 128 characters.", Assert.Single(result.Errors).ErrorMessage);
    }
}
