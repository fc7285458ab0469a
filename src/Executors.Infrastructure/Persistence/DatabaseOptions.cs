namespace Executors.Infrastructure.Persistence;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations when the API starts (on in Development and in <c>./run.sh</c>).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Load the demo executors when the API starts, if they are not there yet (<c>./run.sh</c> only).</summary>
    public bool SeedDemoData { get; set; }
}
