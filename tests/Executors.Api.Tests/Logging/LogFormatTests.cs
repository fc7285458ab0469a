using System.Text.Json;
using Executors.Api.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Executors.Api.Tests.Logging;

/// <summary>Console output: compact JSON unless configuration names sinks (Development's readable lines).</summary>
public sealed class LogFormatTests
{
    [Theory]
    [InlineData(200, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(404, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(429, false, Serilog.Events.LogEventLevel.Information)]
    [InlineData(503, false, Serilog.Events.LogEventLevel.Warning)]
    [InlineData(500, false, Serilog.Events.LogEventLevel.Error)]
    [InlineData(504, false, Serilog.Events.LogEventLevel.Error)]
    [InlineData(503, true, Serilog.Events.LogEventLevel.Error)]
    [InlineData(200, true, Serilog.Events.LogEventLevel.Error)]
    public void LevelFor_Status_ErrorOnlyForFailuresOfTheService(int status, bool exception, Serilog.Events.LogEventLevel expected)
    {
        // Act
        var level = RequestLogging.LevelFor(status, exception ? new InvalidOperationException("boom") : null);

        // Assert: a 503 (the database is away) is logged once per outage as a warning, not as an error per request.
        Assert.Equal(expected, level);
    }

    [Fact]
    public void ConfigureLogger_NoSinksConfigured_WritesCompactJson()
    {
        // Arrange: appsettings.json alone, as in Production.
        var configuration = Load("appsettings.json");

        // Act
        var output = Capture(configuration, logger => logger.Information("Served {ExecutorId}", "abc"));

        // Assert: one JSON object per line, with the rendered message and the property.
        using var line = JsonDocument.Parse(output.Trim());
        Assert.Equal("Served \"abc\"", line.RootElement.GetProperty("@m").GetString());
        Assert.Equal("abc", line.RootElement.GetProperty("ExecutorId").GetString());
    }

    [Fact]
    public void ConfigureLogger_DevelopmentSettings_WritesReadableLines()
    {
        // Arrange
        var configuration = Load("appsettings.json", "appsettings.Development.json");

        // Act
        var output = Capture(configuration, logger => logger.Information("Served {ExecutorId}", "abc"));

        // Assert
        Assert.Contains("INF] ", output, StringComparison.Ordinal);
        Assert.Contains("Served abc", output, StringComparison.Ordinal);
        Assert.False(output.TrimStart().StartsWith('{'), output);
    }

    private static IConfiguration Load(params string[] files)
    {
        var builder = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory);
        foreach (var file in files)
        {
            builder.AddJsonFile(file, optional: false);
        }

        return builder.Build();
    }

    private static string Capture(IConfiguration configuration, Action<ILogger> log)
    {
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            using var services = new ServiceCollection().BuildServiceProvider();
            var loggerConfiguration = new LoggerConfiguration();
            RequestLogging.ConfigureLogger(configuration, services, loggerConfiguration);
            using (var logger = loggerConfiguration.CreateLogger())
            {
                log(logger);
            }

            return writer.ToString();
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
