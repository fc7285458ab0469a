namespace Executors.Api.Authentication;

/// <summary>Who a verified Authorization header belongs to, and what they may do.</summary>
internal sealed record VerifiedUser(string UserName, IReadOnlyList<string> Roles);
