namespace Executors.Infrastructure.Persistence;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations when the API starts (on in Development and in <c>./run.sh</c>).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Load the demo executors when the API starts, if they are not there yet (<c>./run.sh</c> only).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// How long <c>/health/ready</c> waits for the database before it answers "Unhealthy" (a probe's own timeout is
    /// often 1–2 s; an answer after it would count as a failure anyway, but later).
    /// </summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
