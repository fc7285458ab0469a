using Executors.Application.Executors.Queries.GetPerformanceReport;

namespace Executors.Application.Tests.Executors.Queries.GetPerformanceReport;

public sealed class GetPerformanceReportQueryValidatorTests
{
    private readonly GetPerformanceReportQueryValidator _validator = new();

    [Theory]
    [InlineData(null)]
    [InlineData("c")]
    [InlineData("main")]
    public void Validate_NoControllerOrAName_IsValid(string? controllerId)
    {
        // Act / Assert
        Assert.True(_validator.Validate(new GetPerformanceReportQuery(controllerId)).IsValid);
    }

    [Fact]
    public void Validate_ControllerIdOfTheLongestLength_IsValid()
    {
        // Act / Assert
        Assert.True(_validator.Validate(new GetPerformanceReportQuery(new string('c', 256))).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("257")]
    public void Validate_EmptyTooLongOrWithNul_FailsOnControllerId(string controllerId)
    {
        // Arrange
        var value = controllerId == "257" ? new string('c', 257) : controllerId;

        // Act
        var result = _validator.Validate(new GetPerformanceReportQuery(value));

        // Assert
        var error = Assert.Single(result.Errors);
        Assert.Equal("controller_id", error.PropertyName);
    }
}
