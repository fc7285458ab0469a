namespace Executors.Application.Executors;

/// <summary>The <c>Logs</c> configuration section.</summary>
public sealed class ExecutorLogOptions
{
    public const string SectionName = "Logs";

    /// <summary>At most this many log entries are kept per executor; the oldest go first.</summary>
    public int MaxEntriesPerExecutor { get; set; } = 1000;
}
