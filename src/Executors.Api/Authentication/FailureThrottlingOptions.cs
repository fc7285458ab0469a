using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Authentication;

/// <summary>The <c>Authentication:FailureThrottling</c> configuration section.</summary>
public sealed class FailureThrottlingOptions
{
    public const string SectionName = $"{BasicAuthenticationOptions.SectionName}:FailureThrottling";

    /// <summary>
    /// Failed (or still running) checks per client address, and per client address and user name, in one window
    /// before 429; 0 turns all failure throttling off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxFailures { get; set; } = 10;

    /// <summary>
    /// Failed checks for one user name, from all addresses together, in one window before that name is refused to
    /// clients that have not signed in as it recently (see <see cref="TrustPeriod"/>); 0 turns the per-name limit off.
    /// Far above <see cref="MaxFailures"/>, so that a few addresses cannot lock a user out.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxFailuresPerUserName { get; set; } = 100;

    /// <summary>How long failures count; a throttled key is free again when its window ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a client address that verified a user's password stays trusted for that user: the per-name limit and
    /// the per-address limit do not refuse it (the per-address-and-user limit still does), and its checks wait in the
    /// hashing queue ahead of others. 0 turns trust off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan TrustPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many (address, user) pairs are trusted at once; the oldest make room for new ones.</summary>
    [Range(0, 1_000_000)]
    public int MaxTrustedClients { get; set; } = 10_000;
}
