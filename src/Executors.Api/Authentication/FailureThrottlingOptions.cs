using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Authentication;

/// <summary>The <c>Authentication:FailureThrottling</c> configuration section.</summary>
public sealed class FailureThrottlingOptions
{
    public const string SectionName = $"{BasicAuthenticationOptions.SectionName}:FailureThrottling";

    /// <summary>Failed checks per client address, and per user name, in one window before 429; 0 turns it off.</summary>
    [Range(0, 1_000_000)]
    public int MaxFailures { get; set; } = 10;

    /// <summary>How long failures count; a throttled key is free again when its window ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
