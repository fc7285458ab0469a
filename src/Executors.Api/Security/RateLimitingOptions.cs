using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Security;

/// <summary>The <c>RateLimiting</c> configuration section: requests per user (anonymous: per client address).</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Requests per window per user; 0 turns the limit off.</summary>
    [Range(0, int.MaxValue)]
    public int PermitLimit { get; set; } = 200;

    /// <summary>The fixed window the permits are counted in.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many rows a request may ask the service to read or write for one permit beyond the one every request pays:
    /// a search page or log read of 1,000 rows, or an append of 1,000 entries, costs 1 + 1000 / 25 = 41 permits.
    /// </summary>
    [Range(1, 100_000)]
    public int RowsPerPermit { get; set; } = 25;

    /// <summary>Requests over the limit that wait for the next window instead of being refused (0: none wait).</summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; }
}
