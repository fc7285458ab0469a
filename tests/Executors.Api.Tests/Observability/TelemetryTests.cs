using System.Diagnostics;
using System.Net;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog.Core;

namespace Executors.Api.Tests.Observability;

/// <summary>Metrics, traces and the trace id in the logs, recorded through the OpenTelemetry SDK's in-memory exporter.</summary>
public sealed class TelemetryTests(PostgresServer postgres)
{
    [Fact]
    public async Task Request_CacheHit_AuthFailure_RateLimit_AreMeasured()
    {
        // Arrange: a limit of 3 requests per minute, so that the fourth is refused.
        var metrics = new List<MetricSnapshot>();
        await using var api = new ApiFactory(
            postgres.ConnectionString,
            new Dictionary<string, string?> { ["RateLimiting:PermitLimit"] = "3", ["RateLimiting:Window"] = "00:01:00" },
            services: services => services.ConfigureOpenTelemetryMeterProvider(builder => builder.AddInMemoryExporter(metrics)));
        await api.StoreAsync(new ExecutorBuilder("TerminatedOne").Terminated().Build());
        using var reader = api.CreateReaderClient();
        using var wrong = api.CreateClient();
        wrong.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TestUsers.BasicHeader(TestUsers.Reader, "not-the-password"));
        var ct = TestContext.Current.CancellationToken;

        // Act: a miss then a hit on the TERMINATED cache, a refused request, a failed sign-in.
        using var miss = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var hit = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var third = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var refused = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var failed = await wrong.GetAsync("/executors/TerminatedOne", ct);
        api.Services.GetRequiredService<MeterProvider>().ForceFlush();

        // Assert
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        var requests = Latest(metrics, "http.server.request.duration").MetricPoints;
        Assert.Contains(requests, point => Tag(point, "http.route") == "executors/{executor_id:executorId}" || (Tag(point, "http.route")?.Contains("executor_id", StringComparison.Ordinal) ?? false));
        Assert.Contains(requests, point => Tag(point, "http.response.status_code") == "429");
        Assert.True(Sum(metrics, "executors.cache.terminated.hits") >= 1, "a cache hit is counted");
        Assert.True(Sum(metrics, "executors.cache.terminated.misses") >= 1, "a cache miss is counted");
        Assert.Equal(1, Sum(metrics, "executors.cache.terminated.entries"));
        Assert.Equal(1, Sum(metrics, "executors.rate_limit.rejections"));
        Assert.Equal(1, Sum(metrics, "executors.authentication.failures"));
        Assert.Contains(Latest(metrics, "executors.executors").MetricPoints, point => Tag(point, "status") == "TERMINATED" && point.GetGaugeLastValueLong() == 1);
        Assert.Contains(metrics, metric => metric.Name.StartsWith("db.client.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecutorsByStatus_IsCountedOncePerPeriod_NotPerCollection()
    {
        // Arrange
        var metrics = new List<MetricSnapshot>();
        await using var api = new ApiFactory(
            postgres.ConnectionString,
            new Dictionary<string, string?> { ["Observability:ExecutorCountMaxAge"] = "00:10:00" },
            services: services => services.ConfigureOpenTelemetryMeterProvider(builder => builder.AddInMemoryExporter(metrics)));
        using var reader = api.CreateReaderClient();
        using var response = await reader.GetAsync("/health/live", TestContext.Current.CancellationToken);
        var provider = api.Services.GetRequiredService<MeterProvider>();

        // Act: ten collections.
        for (var i = 0; i < 10; i++)
        {
            provider.ForceFlush();
        }

        // Assert
        Assert.Equal(1, api.Services.GetRequiredService<Executors.Infrastructure.Observability.InfrastructureMetrics>().StatusQueries);
    }

    [Fact]
    public async Task Request_IsTracedFromAspNetCoreThroughMediatRToNpgsql_WithTheTraceIdInItsLogEvent()
    {
        // Arrange
        var spans = new List<Activity>();
        var sink = new CollectingLogSink();
        await using var api = new ApiFactory(
            postgres.ConnectionString,
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            services: services => services
                .AddSingleton<ILogEventSink>(sink)
                .ConfigureOpenTelemetryTracerProvider(builder => builder.AddInMemoryExporter(spans)));
        using var reader = api.CreateReaderClient();

        // Act
        using var response = await reader.GetAsync("/executors/SecretLookingId42", TestContext.Current.CancellationToken);
        Activity? server = null;
        for (var waited = 0; waited < 50 && server is null; waited++)
        {
            lock (spans)
            {
                server = spans.FirstOrDefault(span => span.Source.Name == "Microsoft.AspNetCore");
            }

            if (server is null)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(server);
        Activity[] all;
        lock (spans)
        {
            all = [.. spans.Where(span => span.TraceId == server.TraceId)];
        }

        var mediatr = Assert.Single(all, span => span.Source.Name == "Executors.Application");
        Assert.Equal("GetExecutorQuery", mediatr.DisplayName);
        Assert.Equal(server.SpanId, mediatr.ParentSpanId);
        var database = Assert.Single(all, span => span.Source.Name == "Npgsql" && span.ParentSpanId == mediatr.SpanId);
        var statement = database.Tags.FirstOrDefault(tag => tag.Key is "db.query.text" or "db.statement").Value;
        Assert.NotNull(statement);
        Assert.Contains("SELECT", statement, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SecretLookingId42", statement, StringComparison.Ordinal);

        var completion = Assert.Single(sink.Events, e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal));
        Assert.Equal(server.TraceId, completion.TraceId);
    }

    private static MetricSnapshot Latest(List<MetricSnapshot> metrics, string name) => metrics.Last(metric => metric.Name == name);

    private static long Sum(List<MetricSnapshot> metrics, string name)
    {
        var metric = Latest(metrics, name);
        long total = 0;
        foreach (var point in metric.MetricPoints)
        {
            total += metric.MetricType switch
            {
                MetricType.LongGauge => point.GetGaugeLastValueLong(),
                _ => point.GetSumLong(),
            };
        }

        return total;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
