using Microsoft.Extensions.Configuration;

namespace Executors.Infrastructure.Caching;

/// <summary>The <c>Caching</c> configuration section.</summary>
public sealed class CachingOptions
{
    public const string SectionName = "Caching";

    /// <summary>The default bound of the TERMINATED-executor cache: 32 MiB.</summary>
    public const long DefaultTerminatedExecutorBytes = 32L * 1024 * 1024;

    /// <summary>
    /// What one record was reckoned to cost when the bound was a count (<c>Caching:FinalExecutors</c>, still read when
    /// the byte bound is not set): a count is turned into bytes at this rate.
    /// </summary>
    public const long LegacyBytesPerRecord = 6 * 1024;

    /// <summary>How much memory (estimated) the TERMINATED executors kept may take at most, in bytes (0: none kept).</summary>
    public long TerminatedExecutorBytes { get; set; } = DefaultTerminatedExecutorBytes;

    /// <summary>A kept executor not asked for this long is let go.</summary>
    public TimeSpan TerminatedExecutorIdleTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The keys of earlier versions, honoured while the new ones are absent: <c>FinalExecutors</c> (a count, 0 = off)
    /// and <c>FinalExecutorIdleTime</c>.
    /// </summary>
    public void ApplyEarlierKeys(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section[nameof(TerminatedExecutorBytes)] is null && section.GetValue<long?>("FinalExecutors") is { } count)
        {
            TerminatedExecutorBytes = count * LegacyBytesPerRecord;
        }

        if (section[nameof(TerminatedExecutorIdleTime)] is null && section.GetValue<TimeSpan?>("FinalExecutorIdleTime") is { } idle)
        {
            TerminatedExecutorIdleTime = idle;
        }
    }
}
