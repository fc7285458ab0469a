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

    /// <summary>The docs pages (Swagger UI, ReDoc) run their own scripts and styles, so they get no script policy.</summary>
    private static readonly PathString[] DocsPages = ["/docs", "/redoc"];

    // A loop, not a LINQ lambda: this runs on every response and should not allocate a closure.
    private static bool IsDocsPage(PathString path)
    {
        foreach (var page in DocsPages)
        {
            if (path.StartsWithSegments(page, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!IsDocsPage(http.Request.Path))
            {
                headers[HeaderNames.ContentSecurityPolicy] = ApiContentSecurityPolicy;
            }

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
