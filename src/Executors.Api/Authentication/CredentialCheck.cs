namespace Executors.Api.Authentication;

/// <summary>What <see cref="CredentialVerifier.VerifyAsync"/> found.</summary>
internal readonly record struct CredentialCheck(VerifiedUser? User, CredentialRefusal Refusal, TimeSpan RetryAfter)
{
    public static CredentialCheck Invalid => new(null, CredentialRefusal.Invalid, TimeSpan.Zero);

    /// <summary>The hashing gate is full: try again in a second.</summary>
    public static CredentialCheck Busy => new(null, CredentialRefusal.Busy, TimeSpan.FromSeconds(1));

    public static CredentialCheck Verified(VerifiedUser user) => new(user, CredentialRefusal.None, TimeSpan.Zero);

    public static CredentialCheck Throttled(TimeSpan retryAfter) => new(null, CredentialRefusal.Throttled, retryAfter);
}
