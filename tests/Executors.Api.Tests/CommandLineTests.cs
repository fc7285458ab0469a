namespace Executors.Api.Tests;

/// <summary>The sub-commands are found before any host is built; anything else is left to the server.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("Hash-Password")]
    public async Task TryRunAsync_NoSubCommand_LeavesTheArgumentsToTheServer(params string[] args)
    {
        // Act
        var exitCode = await CommandLine.TryRunAsync(args);

        // Assert
        Assert.Null(exitCode);
    }

    [Fact]
    public async Task TryRunAsync_HashPasswordWithAnUnknownOption_ExitsWithUsageBeforeReadingAPassword()
    {
        // Act
        var exitCode = await CommandLine.TryRunAsync(["hash-password", "--password", "x"]);

        // Assert
        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task TryRunAsync_HealthCheckWithTooManyArguments_IsTheHealthCheckCommandsUsage()
    {
        // Act
        var exitCode = await CommandLine.TryRunAsync(["healthcheck", "http://127.0.0.1:1/", "extra"]);

        // Assert
        Assert.Equal(2, exitCode);
    }
}
