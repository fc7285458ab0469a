namespace Executors.Infrastructure.Persistence.Idempotency;

/// <summary>The <c>Idempotency</c> configuration section: the purge of Idempotency-Key answers past their lifetime.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How often the keys older than their 24 hours are deleted (more than zero, at most a day).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many rows one delete removes at most (1–100,000); a purge repeats it until fewer are left, so that no statement
    /// holds many row locks or a long transaction against the creates that use the table.
    /// </summary>
    public int PurgeBatchSize { get; set; } = 1000;
}
