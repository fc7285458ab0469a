namespace Executors.Infrastructure.Observability;

/// <summary>The persistence side's part of the <c>Observability</c> section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Observability";

    /// <summary>How long the executors-by-status count is reused before a collection counts again.</summary>
    public TimeSpan ExecutorCountMaxAge { get; set; } = TimeSpan.FromSeconds(15);
}
