using System.ComponentModel.DataAnnotations;

namespace Executors.Api.Authentication;

/// <summary>The <c>Authentication:Hashing</c> configuration section: how many PBKDF2 checks may run at once.</summary>
public sealed class PasswordHashingOptions
{
    public const string SectionName = $"{BasicAuthenticationOptions.SectionName}:Hashing";

    /// <summary>
    /// PBKDF2 checks running at once; <c>0</c> (the default) means half the processors, at least one — on 2 cores one
    /// check at a time, leaving a core for everything else.
    /// </summary>
    [Range(0, 1024)]
    public int MaxConcurrency { get; set; }

    /// <summary>
    /// Checks that may wait for a free slot (and as many again for clients that signed in recently from the same
    /// address); beyond that a sign-in is answered 503 with <c>Retry-After</c> at once.
    /// </summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; } = 8;

    internal int EffectiveConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Math.Max(1, Environment.ProcessorCount / 2);
}
