using Executors.Api.OpenApi;
using Microsoft.Net.Http.Headers;

namespace Executors.Api.Security;

/// <summary>
/// Headers that every response carries, whoever writes it (a controller, the authentication handler, the rate
/// limiter, the exception handler, the health checks, the docs): set when the response starts, so nothing later in the
/// pipeline can forget them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Nothing may be loaded or framed by an API answer: it is data, never a page.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    private static readonly PathString SwaggerUi = DocsPages.SwaggerUiPath;

    private static readonly PathString ReDoc = DocsPages.ReDocPath;

    /// <summary>
    /// The docs pages (Swagger UI under /docs, ReDoc under /redoc, their redirects and files) run scripts: each gets a
    /// policy allowing its own scripts and what it loads, and nothing else (<see cref="DocsPages"/>); anything else is
    /// data.
    /// </summary>
    private static string ContentSecurityPolicy(PathString path) =>
        path.StartsWithSegments(SwaggerUi, StringComparison.OrdinalIgnoreCase) ? DocsPages.SwaggerUiContentSecurityPolicy
        : path.StartsWithSegments(ReDoc, StringComparison.OrdinalIgnoreCase) ? DocsPages.ReDocContentSecurityPolicy
        : ApiContentSecurityPolicy;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy(http.Request.Path);

            // Answers are for the authenticated caller only: unless an endpoint chose its own policy (the GET of an
            // executor says "private, ..."), nothing is stored by any cache, shared or not.
            if (!headers.ContainsKey(HeaderNames.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            headers.Remove(HeaderNames.Server);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
