using System.Security.Claims;
using Executors.Application.Common.Security;
using Executors.Domain.Executors;

namespace Executors.Api.Authentication;

/// <summary>
/// The caller of the current HTTP request, read from the claims the Basic handler issued. A request without them (no
/// authenticated user) sees no account at all.
/// </summary>
internal sealed class HttpCurrentUser : ICurrentUser
{
    private readonly IHttpContextAccessor _httpContext;
    private AccountScope? _accounts;

    public HttpCurrentUser(IHttpContextAccessor httpContext)
    {
        _httpContext = httpContext;
    }

    public AccountScope Accounts => _accounts ??= ScopeOf(_httpContext.HttpContext?.User);

    public string Name => _httpContext.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : string.Empty;

    internal static AccountScope ScopeOf(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true }
            ? AccountScope.Of(user.FindAll(ExecutorClaims.Account).Select(claim => claim.Value))
            : AccountScope.None;
}
