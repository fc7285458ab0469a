using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Observability;

/// <summary>The <c>Observability</c> section: metrics and traces, and where they go (docs/operations.md).</summary>
internal sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>Off: no meter or tracer provider at all.</summary>
    public bool Enabled { get; set; } = true;

    public PrometheusOptions Prometheus { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>Read by the persistence side (Infrastructure's <c>MetricsOptions</c>); here so that the section binds whole.</summary>
    public TimeSpan ExecutorCountMaxAge { get; set; } = TimeSpan.FromSeconds(15);

    internal sealed class PrometheusOptions
    {
        /// <summary>Off by default: the scrape endpoint exists only when an operator asks for it.</summary>
        public bool Enabled { get; set; }

        /// <summary>Its own listener, never the public one: <c>http://{Host}:{Port}/metrics</c>.</summary>
        [Range(1, 65535)]
        public int Port { get; set; } = 9464;

        /// <summary>The address it binds; loopback unless the operator opens it to a scraper elsewhere.</summary>
        public string Host { get; set; } = "127.0.0.1";
    }

    internal sealed class OtlpOptions
    {
        /// <summary>An OTLP collector (<c>http://collector:4317</c>); empty: no OTLP export.</summary>
        public string? Endpoint { get; set; }

        /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
        public string Protocol { get; set; } = "grpc";
    }
}
