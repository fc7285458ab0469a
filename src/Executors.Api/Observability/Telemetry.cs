using Executors.Api.Authentication;
using Executors.Application.Common.Behaviours;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Executors.Api.Observability;

/// <summary>
/// Metrics and traces with the OpenTelemetry SDK. Metrics: ASP.NET Core's (request duration by route and status),
/// Npgsql's (command duration, pool), the runtime's and the service's own meters. Traces: ASP.NET Core → MediatR
/// (<see cref="ApplicationTelemetry.SourceName"/>) → Npgsql (statement text, never parameter values). Exporters: a
/// Prometheus scrape endpoint on its own loopback listener when <c>Observability:Prometheus:Enabled</c>, OTLP when
/// <c>Observability:Otlp:Endpoint</c> is set.
/// </summary>
internal static class Telemetry
{
    public const string ServiceName = "executors-api";

    /// <summary>Every meter the service exports.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "Npgsql", ApiMetrics.MeterName, CredentialVerifier.MeterName, SharedLimits.SharedLimitStore.MeterName,
    ];

    /// <summary>Every span source the service exports.</summary>
    public static readonly string[] Sources = [ApplicationTelemetry.SourceName, "Npgsql"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObservabilityOptions>()
            .BindConfiguration(ObservabilityOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.Prometheus.Port is >= 1 and <= 65535, "Observability:Prometheus:Port must be between 1 and 65535.")
            .Validate(options => !options.Prometheus.Enabled || System.Net.IPAddress.TryParse(options.Prometheus.Host, out _),
                "Observability:Prometheus:Host must be an IP address (127.0.0.1 keeps the endpoint off the network).")
            .Validate(options => string.IsNullOrWhiteSpace(options.Otlp.Endpoint) || Uri.TryCreate(options.Otlp.Endpoint, UriKind.Absolute, out _),
                "Observability:Otlp:Endpoint must be an absolute URI (http://collector:4317) or empty.")
            .Validate(options => options.Otlp.Protocol is "grpc" or "http/protobuf", "Observability:Otlp:Protocol must be grpc or http/protobuf.")
            .ValidateOnStart();
        services.AddSingleton(provider => new ApiMetrics(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            provider.GetRequiredService<PasswordCheckGate>(),
            provider.GetRequiredService<LiveUpdates.LiveConnectionLimiter>()));

        services.AddHostedService<InstrumentStarter>();

        // The SDK's providers are built only for an exporter: without one, every request would still create its spans
        // and every instrument would still aggregate, for nobody. Metrics go to Prometheus and/or OTLP, traces to OTLP.
        var settings = configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var otlp = !string.IsNullOrWhiteSpace(settings.Otlp.Endpoint);
        if (!settings.Enabled || !(settings.Prometheus.Enabled || otlp))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddServiceMetrics();
            if (settings.Prometheus.Enabled)
            {
                metrics.AddPrometheusHttpListener();
                // From the validated options: a bad port or host stops the start naming its key.
                services.AddOptions<PrometheusHttpListenerOptions>().Configure<IOptions<ObservabilityOptions>>((listener, options) =>
                {
                    listener.Host = options.Value.Prometheus.Host;
                    listener.Port = options.Value.Prometheus.Port;
                    listener.ScrapeEndpointPath = "/metrics";
                });
            }

            if (otlp)
            {
                metrics.AddOtlpExporter(exporter => ConfigureOtlp(exporter, settings.Otlp));
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddServiceTracing().AddOtlpExporter(exporter => ConfigureOtlp(exporter, settings.Otlp)));
        }

        return services;
    }

    /// <summary>The service's meters and the runtime's, on a meter provider (the API's own, or a test's).</summary>
    public static MeterProviderBuilder AddServiceMetrics(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(Meters).AddRuntimeInstrumentation();

    /// <summary>ASP.NET Core's spans (not for /health) and the service's sources, on a tracer provider.</summary>
    public static TracerProviderBuilder AddServiceTracing(this TracerProviderBuilder tracing) =>
        tracing.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
            .AddSource(Sources);

    private static void ConfigureOtlp(OtlpExporterOptions otlp, ObservabilityOptions.OtlpOptions settings)
    {
        otlp.Endpoint = new Uri(settings.Endpoint!);
        otlp.Protocol = settings.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
    }

    /// <summary>Creates the web layer's observable instruments at start, so that the first collection already sees them.</summary>
    private sealed class InstrumentStarter(ApiMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
