namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// The read-your-writes settings of the <c>Database</c> section. They matter only when
/// <c>ConnectionStrings:ExecutorsRead</c> sends reads to standbys.
/// </summary>
public sealed class ReplicaOptions
{
    public const string SectionName = DatabaseOptions.SectionName;

    /// <summary>
    /// How long a read that must see a write (the caller's own, or an <c>X-Executors-Lsn</c> it presents) waits for
    /// its standby to replay that write before it reads from the primary instead.
    /// </summary>
    public TimeSpan ReplicaWait { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Users whose last write position the process remembers. Beyond it the oldest are forgotten, and every caller
    /// without a remembered write must then see at least the newest forgotten one: memory is bounded, the guarantee kept.
    /// </summary>
    public int ReadYourWritesUsers { get; set; } = 100_000;
}
