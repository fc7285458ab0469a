namespace Executors.Api.Authentication;

/// <summary>A user as loaded: its hash text, the parsed hash (the credential's identity), and what it may do.</summary>
internal sealed record UserEntry(string HashText, PasswordHash Hash, VerifiedUser User);
