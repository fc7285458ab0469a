namespace Executors.Application.Engines;

/// <summary>The <c>Engines</c> configuration section.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engines";

    /// <summary>
    /// How long a claim holds without the engine's heartbeat: after it, the executor is shown as unattended and another
    /// engine may claim it. An engine heartbeats well within it (a third of it is a good period).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
