using Executors.Api.OpenApi;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.OpenApi;

/// <summary>
/// <c>openapi</c>, the API's sub-command that writes docs/openapi.json, run through the API's real entry point: no
/// server starts, no database is reached (none is configured for it), no user is needed.
/// </summary>
public sealed class OpenApiCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("executors-openapi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task OpenApiCommand_Run_WritesTheCommittedDocument()
    {
        // Arrange
        var path = Path.Combine(_directory, "nested", "openapi.json");

        // Act
        var exitCode = await RunEntryPointAsync(OpenApiCommand.Name, path);

        // Assert: contract drift: the committed document is exactly what the app generates now.
        Assert.Equal(0, exitCode);
        GeneratedFiles.AssertUpToDate(OpenApiCommand.DocumentPath, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), OpenApiCommand.RegenerateCommand);
    }

    [Fact]
    public async Task OpenApiCommand_Run_WritesNoServersAndUnixLineEndings()
    {
        // Arrange
        var path = Path.Combine(_directory, "openapi.json");

        // Act
        await RunEntryPointAsync(OpenApiCommand.Name, path);

        // Assert: nothing that depends on the machine or the request.
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("\"servers\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiCommand_TwoPaths_PrintsUsageAndFails()
    {
        // Arrange
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Act
        var exitCode = await OpenApiCommand.RunAsync(EmptyServices.Instance, ["a.json", "b.json"], output, error);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("usage: openapi [PATH]", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists("a.json"));
    }

    private static async Task<int> RunEntryPointAsync(params string[] args)
    {
        var entryPoint = typeof(Program).Assembly.EntryPoint!;
        var result = await Task.Run(() => entryPoint.Invoke(null, [args]), TestContext.Current.CancellationToken);
        return result switch
        {
            int code => code,
            Task<int> task => await task,
            _ => throw new InvalidOperationException($"Unexpected entry point result {result}"),
        };
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
