using System.ComponentModel.DataAnnotations;

namespace Executors.Api.SharedLimits;

/// <summary>
/// The <c>Redis</c> configuration section: where the limits that must hold across API replicas are kept (the per-user
/// request allowance, failed sign-in counts, the cluster-wide hashing bound). Empty <see cref="Configuration"/>: every
/// limit is the process's own, as with a single replica.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>, <c>redis:6379,password=…,ssl=true</c>); empty
    /// or absent: no Redis, per-process limits. Unless the string says otherwise, the connection never aborts the
    /// start (<c>abortConnect=false</c>) and times out after one second, so that an outage costs a request nothing.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Put in front of every key, so that one Redis can serve several deployments.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9_.:\-]{1,64}$", ErrorMessage = "Redis:KeyPrefix must be 1 to 64 letters, digits, '_', '.', ':' or '-'.")]
    public string KeyPrefix { get; set; } = "executors:";

    /// <summary>
    /// PBKDF2 checks running at once across all replicas together (besides each process's own bound,
    /// <c>Authentication:Hashing:MaxConcurrency</c>); 0 (the default) means what one process may run. Raise it when
    /// the replicas run on machines of their own.
    /// </summary>
    [Range(0, 4096)]
    public int HashingConcurrency { get; set; }

    /// <summary>How long a sign-in waits for a cluster-wide hashing slot before it is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HashingQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
