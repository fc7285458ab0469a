using Executors.Domain.Executors;

namespace Executors.Api.Authentication;

/// <summary>Who a verified Authorization header belongs to, what they may do, and on which accounts.</summary>
internal sealed record VerifiedUser(string UserName, IReadOnlyList<string> Roles, AccountScope Accounts);
