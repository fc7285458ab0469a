namespace Executors.Api.Hosting;

/// <summary>The <c>Shutdown</c> configuration section.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long requests in flight may finish after SIGTERM (or Ctrl-C) before the process exits: below a container
    /// orchestrator's usual grace period.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
