namespace Executors.Api.Authentication;

/// <summary>
/// The scheme of the stream routes: the Authorization header when the request has one (Basic), otherwise a
/// <c>?ticket=</c> when it has one (<see cref="StreamTicketAuthenticationHandler"/>), otherwise Basic (whose challenge
/// asks for credentials). One scheme answers each request, so a refusal is one 401, never two.
/// </summary>
internal static class StreamAuthentication
{
    public const string SchemeName = "BasicOrStreamTicket";

    public static string SelectScheme(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.Authorization.Count == 0 && context.Request.Query.ContainsKey(StreamTicketAuthenticationHandler.QueryName)
            ? StreamTicketAuthenticationHandler.SchemeName
            : BasicAuthenticationHandler.SchemeName;
    }
}
