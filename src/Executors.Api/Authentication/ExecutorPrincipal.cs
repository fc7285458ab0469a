using System.Security.Claims;
using Executors.Domain.Executors;

namespace Executors.Api.Authentication;

/// <summary>
/// The principal of a verified user, whichever scheme verified it: name, roles and account claims. The Basic scheme and
/// the stream-ticket scheme build the same one, so a ticket grants exactly what its user's credentials grant.
/// </summary>
internal static class ExecutorPrincipal
{
    public static ClaimsPrincipal Create(VerifiedUser user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        var accounts = user.Accounts.IsAll ? [AccountScope.Wildcard] : user.Accounts.Accounts;
        var claims = user.Roles.Select(role => new Claim(ClaimTypes.Role, role))
            .Concat(accounts.Select(account => new Claim(ExecutorClaims.Account, account)))
            .Prepend(new Claim(ClaimTypes.Name, user.UserName));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
