using System.Diagnostics;
using System.Net;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog.Core;

using Executors.Api.Observability;

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
            new Dictionary<string, string?>
            {
                ["RateLimiting:PermitLimit"] = "3",
                ["RateLimiting:Window"] = "00:01:00",
                // Another host's meter provider in this process may count before the record is stored: recount soon.
                ["Observability:ExecutorCountMaxAge"] = "00:00:01",
            },
            services: services => services.AddOpenTelemetry().WithMetrics(builder => builder.AddServiceMetrics().AddInMemoryExporter(metrics)));
        await api.StoreAsync(new ExecutorBuilder("TerminatedOne").Terminated().Build());
        using var reader = api.CreateReaderClient();
        using var wrong = api.CreateClient();
        wrong.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TestUsers.BasicHeader(TestUsers.Reader, "not-the-password"));
        var ct = TestContext.Current.CancellationToken;
        // This host's own counters exactly (the SDK's listener also hears other hosts in this process, by meter name).
        using var ours = new CounterRecorder(api.Services, "Executors.Api");
        using var authentication = new CounterRecorder(api.Services, "Executors.Api.Authentication");

        // Act: a miss then two hits on the TERMINATED cache, a refused request, a failed sign-in.
        using var miss = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var hit = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var third = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var refused = await reader.GetAsync("/executors/TerminatedOne", ct);
        using var failed = await wrong.GetAsync("/executors/TerminatedOne", ct);

        // The server records a request's duration as the request ends, which may be just after its client has the
        // answer: collect until the last request is in (bounded).
        var provider = api.Services.GetRequiredService<MeterProvider>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            metrics.Clear();
            provider.ForceFlush();
            if (metrics.Any(metric => metric.Name == "http.server.request.duration" && metric.MetricPoints.Sum(point => point.GetHistogramCount()) >= 5))
            {
                break;
            }

            await Task.Delay(100, ct);
        }

        // Assert
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        var requests = Points(metrics, "http.server.request.duration");
        Assert.Contains(requests, point => Tag(point, "http.route") == "executors/{executor_id:executorId}" || (Tag(point, "http.route")?.Contains("executor_id", StringComparison.Ordinal) ?? false));
        Assert.Contains(requests, point => Tag(point, "http.response.status_code") == "429");
        // The observable instruments of this host, read through its own meter factory (the SDK exports one instrument
        // per name and meter, whichever host in this process created it first).
        var observed = Observe(api.Services, "Executors.Api");
        Assert.Equal(2, observed.Single(value => value.Name == "executors.cache.terminated.hits").Value);
        Assert.Equal(1, observed.Single(value => value.Name == "executors.cache.terminated.misses").Value);
        Assert.Equal(1, observed.Single(value => value.Name == "executors.cache.terminated.entries").Value);
        // The database is this fixture's, shared with other classes: at least the stored record, and every status.
        Assert.True(observed.Single(value => value.Name == "executors.executors" && value.Status == "TERMINATED").Value >= 1);
        Assert.Equal(["NOT_STARTED", "RUNNING", "SHUTTING_DOWN", "TERMINATED"], observed.Where(value => value.Name == "executors.executors").Select(value => value.Status).Order(StringComparer.Ordinal));
        Assert.Contains(metrics, metric => metric.Name == "executors.executors");
        Assert.Contains(metrics, metric => metric.Name == "executors.cache.terminated.hits");
        Assert.Equal(1, ours["executors.rate_limit.rejections"]);
        Assert.True(Sum(metrics, "executors.rate_limit.rejections") >= 1, "the rejection is exported");
        Assert.Equal(1, authentication["executors.authentication.failures"]);
        Assert.True(Sum(metrics, "executors.authentication.failures") >= 1, "the failure is exported");
        Assert.Contains(metrics, metric => metric.Name.StartsWith("db.client.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoExporterConfigured_NoProviderIsBuilt_SoRequestsPayForNoSpansOrAggregation()
    {
        // Arrange: the defaults (no Prometheus, no OTLP endpoint); and OTLP set, for contrast.
        await using var plain = new ApiFactory(postgres.ConnectionString);
        await using var exporting = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?> { ["Observability:Otlp:Endpoint"] = "http://127.0.0.1:9/" });

        // Act
        using var client = plain.CreateClient();
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(plain.Services.GetService<MeterProvider>());
        Assert.Null(plain.Services.GetService<TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task ExecutorsByStatus_IsCountedOncePerPeriod_NotPerCollection()
    {
        // Arrange
        var metrics = new List<MetricSnapshot>();
        await using var api = new ApiFactory(
            postgres.ConnectionString,
            new Dictionary<string, string?> { ["Observability:ExecutorCountMaxAge"] = "00:10:00" },
            services: services => services.AddOpenTelemetry().WithMetrics(builder => builder.AddServiceMetrics().AddInMemoryExporter(metrics)));
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
                .AddOpenTelemetry().WithTracing(builder => builder.AddServiceTracing().AddInMemoryExporter(spans)));
        using var reader = api.CreateReaderClient();

        // Act
        using var response = await reader.GetAsync("/executors/SecretLookingId42", TestContext.Current.CancellationToken);
        Activity? server = null;
        for (var waited = 0; waited < 50 && server is null; waited++)
        {
            lock (spans)
            {
                // This request's (the tracer hears every host in this process).
                server = spans.FirstOrDefault(span => span.Source.Name == "Microsoft.AspNetCore" && span.GetTagItem("url.path") as string == "/executors/SecretLookingId42");
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

    /// <summary>The points of one collection (the list is cleared before it) under that name, from every meter of the name.</summary>
    private static List<MetricPoint> Points(List<MetricSnapshot> metrics, string name) =>
        [.. metrics.Where(metric => metric.Name == name).SelectMany(metric => metric.MetricPoints)];

    private static long Sum(List<MetricSnapshot> metrics, string name)
    {
        long total = 0;
        foreach (var metric in metrics.Where(metric => metric.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                total += metric.MetricType switch
                {
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    _ => point.GetSumLong(),
                };
            }
        }

        return total;
    }

    private static List<(string Name, string? Status, long Value)> Observe(IServiceProvider services, string meterName)
    {
        var scope = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var values = new List<(string Name, string? Status, long Value)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? status = null;
            foreach (var tag in tags)
            {
                status = tag.Key == "status" ? tag.Value as string : status;
            }

            values.Add((instrument.Name, status, value));
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => values.Add((instrument.Name, null, value)));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
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
