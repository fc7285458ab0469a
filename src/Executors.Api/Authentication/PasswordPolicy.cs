namespace Executors.Api.Authentication;

/// <summary>
/// What a configured password hash must be at least. A service, not configuration: production cannot lower the
/// minimum by a setting; only code that builds its own service provider (the test hosts, whose users hash with few
/// iterations so that hundreds of tests stay fast) can register another instance.
/// </summary>
internal sealed class PasswordPolicy
{
    /// <summary>
    /// OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023), asked of every hash: legacy hashes
    /// are HMAC-SHA256, and one minimum for both functions is simpler to state and check than a figure per function
    /// (for HMAC-SHA512, which <c>hash-password</c> uses, it is above OWASP's own figure).
    /// </summary>
    public const int OwaspMinimumIterations = 600_000;

    public PasswordPolicy(int minimumIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumIterations, 1);
        MinimumIterations = minimumIterations;
    }

    /// <summary>The policy <c>AddApi</c> registers.</summary>
    public static PasswordPolicy Default { get; } = new(OwaspMinimumIterations);

    public int MinimumIterations { get; }
}
