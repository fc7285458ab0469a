using System.Diagnostics;
using System.Net;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Executors.Api.Tests.Resilience;

/// <summary>While PostgreSQL is down (nothing listens on its port), every data endpoint answers 503 at once.</summary>
public sealed class DatabaseUnreachableTests
{
    /// <summary>The bound: well under a client's patience.</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(2);

    [Theory]
    [MemberData(nameof(DataEndpoints.All), MemberType = typeof(DataEndpoints))]
    public async Task DataEndpoint_DatabaseDown_503ProblemWithRetryAfterQuickly(string endpoint)
    {
        // Arrange: the API's own timeouts (none in the connection string); the host is started before the clock runs.
        await using var api = new ApiFactory(UnreachableDatabase.ConnectionString(withTimeout: false));
        using var client = api.CreateClient();
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        // Act
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(DataEndpoints.Request(endpoint, "SomeExecutor_1"), TestContext.Current.CancellationToken);
        clock.Stop();

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        using var problem = await ProblemAssert.ReadAsync(response, 503);
        Assert.True(clock.Elapsed < Quickly, $"{endpoint} answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Health_DatabaseDown_ReadyUnhealthyQuicklyAndLiveHealthy()
    {
        // Arrange
        await using var api = new ApiFactory(UnreachableDatabase.ConnectionString(withTimeout: false));
        using var client = api.CreateClient();
        using var warm = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        // Act
        var clock = Stopwatch.StartNew();
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        clock.Stop();
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(clock.Elapsed < Quickly, $"/health/ready answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Outage_ManyRequests_OneWarningNotOnePerRequest()
    {
        // Arrange
        var sink = new CollectingLogSink();
        await using var api = new ApiFactory(
            UnreachableDatabase.ConnectionString(),
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            services: services => services.AddSingleton<ILogEventSink>(sink));
        using var client = api.CreateClient();

        // Act
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.SendAsync(DataEndpoints.Request(DataEndpoints.GetExecutor, "SomeExecutor_1"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        // Assert: one warning (with its exception) for the outage; each request's own 503 is only in its completion event.
        // The change feed's listener says once, apart, that live updates pause (its retries are at Debug).
        var warnings = sink.Events.Where(e => e.Level >= LogEventLevel.Warning && !e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)).ToList();
        var feedWarnings = warnings.RemoveAll(e => e.MessageTemplate.Text.StartsWith("The change feed", StringComparison.Ordinal));
        Assert.InRange(feedWarnings, 0, 1);
        var outage = Assert.Single(warnings);
        Assert.Equal(LogEventLevel.Warning, outage.Level);
        Assert.Contains("unavailable", outage.RenderMessage(), StringComparison.Ordinal);
        Assert.NotNull(outage.Exception);
        Assert.Equal(10, sink.Events.Count(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)));
    }
}
