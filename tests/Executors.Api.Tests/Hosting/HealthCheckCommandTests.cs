using System.Net;
using System.Net.Sockets;
using Executors.Api.Hosting;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Hosting;

/// <summary>The container image's HEALTHCHECK: <c>dotnet Executors.Api.dll healthcheck</c> against the running API.</summary>
public sealed class HealthCheckCommandTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Run_ApiIsLive_ExitsZero()
    {
        using var handler = Api.Server.CreateHandler();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await HealthCheckCommand.RunAsync(["http://localhost/health/live"], output, error, handler);

        Assert.Equal(0, exitCode);
        Assert.Equal("healthy: http://localhost/health/live answered 200", output.ToString().Trim());
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Run_AnswerIsNot200_ExitsOneNamingTheStatus()
    {
        using var handler = Api.Server.CreateHandler();
        using var error = new StringWriter();

        var exitCode = await HealthCheckCommand.RunAsync(["http://localhost/health/none-such"], TextWriter.Null, error, handler);

        Assert.Equal(1, exitCode);
        Assert.Equal("unhealthy: http://localhost/health/none-such answered 401", error.ToString().Trim());
    }

    [Fact]
    public async Task Run_NothingListens_ExitsOneInOneLine()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var error = new StringWriter();

        var exitCode = await HealthCheckCommand.RunAsync([$"http://127.0.0.1:{port}/health/live"], TextWriter.Null, error);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"unhealthy: http://127.0.0.1:{port}/health/live did not answer", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://host/health/live")]
    [InlineData("not a url")]
    public async Task Run_BadArgument_ExitsTwoWithUsage(string argument)
    {
        using var error = new StringWriter();

        var exitCode = await HealthCheckCommand.RunAsync([argument], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage: healthcheck [URL]", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:8080/health/live")]
    [InlineData("", "http://127.0.0.1:8080/health/live")]
    [InlineData("5000", "http://127.0.0.1:5000/health/live")]
    [InlineData("9000;9001", "http://127.0.0.1:9000/health/live")]
    [InlineData(" 7000 , 7001", "http://127.0.0.1:7000/health/live")]
    [InlineData("eighty", "http://127.0.0.1:8080/health/live")]
    public void DefaultTarget_FirstPortOfTheContainerEnvironment(string? httpPorts, string expected) =>
        Assert.Equal(new Uri(expected), HealthCheckCommand.DefaultTarget(httpPorts));
}
