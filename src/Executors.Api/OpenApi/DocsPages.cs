using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Executors.Api.OpenApi;

/// <summary>
/// The two docs pages, Swagger UI at <c>/docs</c> and ReDoc at <c>/redoc</c>, and the Content-Security-Policy of each.
/// </summary>
/// <remarks>
/// <para>
/// The pages are written here rather than by NSwag's index middlewares, which build them from the request's own
/// <c>X-Forwarded-Prefix</c>/<c>X-Forwarded-Host</c> headers (whoever sent them) and paste the result unescaped into an
/// inline script. Here the only thing taken from the request is <see cref="HttpRequest.PathBase"/>, which ASP.NET's
/// forwarded-headers middleware sets from <c>X-Forwarded-Prefix</c> only for <c>Https:KnownProxies</c>/
/// <c>KnownNetworks</c>. It goes out %-escaped as a URL path (<see cref="ExternalBase"/>) and, in the page,
/// HTML-encoded inside an attribute: never inside a script.
/// </para>
/// <para>
/// Each page's inline script is a constant that reads what it needs from that attribute, so the policy can allow it by
/// its SHA-256 instead of allowing every inline script. Swagger UI's own files (NSwag serves them under /docs) are
/// same-origin, and so is ReDoc's bundle, which the API serves itself (<see cref="ReDocFiles"/>): the pages need nothing
/// from the internet.
/// </para>
/// </remarks>
internal static class DocsPages
{
    public const string SwaggerUiPath = "/docs";

    public const string ReDocPath = "/redoc";

    public const string IndexFile = "/index.html";

    /// <summary>Where the document is served (NSwag's default path for the "v1" document).</summary>
    public const string DocumentPath = "/swagger/" + OpenApiConfiguration.DocumentName + "/swagger.json";

    /// <summary>
    /// Subresource integrity of ReDoc's bundle as the API serves it (<see cref="ReDocFiles.ScriptPath"/>): SHA-384 of
    /// <c>bundles/redoc.standalone.js</c> in the npm package redoc 2.5.4. Pinned to 2.x: ReDoc 3's "standalone" bundle
    /// no longer runs as a classic script (no <c>window.Redoc</c>, a SyntaxError on <c>import.meta</c>).
    /// </summary>
    public const string ReDocScriptIntegrity = "sha384-w447zOpYfw/1Tv/5AK9NfHTlQIqE3RVR6KY62jCyy9zNDgO64cMwGGP1Fj0zJVf5";

    // Swagger UI with the settings NSwag's page used (collapsed tags, one "v1" definition in the top bar, nothing kept
    // in local storage); the document's URL comes from the container's data-document-url attribute.
    private const string SwaggerUiScript = """

        window.addEventListener('load', function () {
          var container = document.getElementById('swagger-ui');
          var documentUrl = container.getAttribute('data-document-url');
          window.ui = SwaggerUIBundle({
            url: documentUrl,
            urls: [{ url: documentUrl, name: 'v1' }],
            validatorUrl: null,
            docExpansion: 'none',
            operationsSorter: 'none',
            tagsSorter: 'none',
            defaultModelsExpandDepth: 1,
            defaultModelExpandDepth: 1,
            persistAuthorization: false,
            dom_id: '#swagger-ui',
            deepLinking: true,
            presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
            plugins: [SwaggerUIBundle.plugins.DownloadUrl],
            layout: 'StandaloneLayout'
          });
        });

        """;

    private const string ReDocStyle = "body { margin: 0; padding: 0; }";

    private const string ReDocScript = """

        (function () {
          var container = document.getElementById('redoc-container');
          Redoc.init(container.getAttribute('data-document-url'), {}, container);
        })();

        """;

    /// <summary>
    /// Swagger UI: its scripts, styles and icons from /docs, its one inline script by hash; inline styles (the UI sets
    /// some) and data: images (its stylesheet's icons); "Try it out" and the document over <c>connect-src 'self'</c>.
    /// </summary>
    public static readonly string SwaggerUiContentSecurityPolicy =
        $"default-src 'none'; script-src 'self' {HashSource(SwaggerUiScript)}; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
        "object-src 'none'";

    /// <summary>
    /// ReDoc: its bundle from this origin and the page's inline script by hash; the styles it injects, data:
    /// images, the document over <c>connect-src 'self'</c> and the search worker it starts from a blob: URL. Nothing
    /// else from elsewhere: the "API docs by Redocly" logo that ReDoc loads from its own CDN is refused (ReDoc then
    /// leaves it out; the browser's console reports the refusal), and no web fonts are loaded (NSwag's page asked
    /// Google Fonts for Montserrat/Roboto; ReDoc falls back to the system's sans-serif).
    /// </summary>
    public static readonly string ReDocContentSecurityPolicy =
        $"default-src 'none'; script-src 'self' {HashSource(ReDocScript)}; style-src 'unsafe-inline'; " +
        "img-src data:; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'; object-src 'none'";

    /// <summary>
    /// The path the client sees this app under: the request's path base (set only from a configured proxy's
    /// <c>X-Forwarded-Prefix</c>), %-escaped (no quote, angle bracket, backslash or space survives), with one leading
    /// slash and none at the end. Empty without a path base. Leading slashes are collapsed so that a redirect can never
    /// become <c>//other-site/…</c>.
    /// </summary>
    public static string ExternalBase(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.PathBase.ToUriComponent().Trim('/');
        return path.Length == 0 ? string.Empty : "/" + path;
    }

    public static string SwaggerUi(HttpRequest request)
    {
        var docs = ExternalBase(request) + SwaggerUiPath;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="UTF-8">
                <title>Executors API</title>
                <link rel="stylesheet" type="text/css" href="{Attribute(docs + "/swagger-ui.css")}">
                <link rel="stylesheet" type="text/css" href="{Attribute(docs + "/index.css")}">
                <link rel="icon" type="image/png" href="{Attribute(docs + "/favicon-32x32.png")}" sizes="32x32">
                <link rel="icon" type="image/png" href="{Attribute(docs + "/favicon-16x16.png")}" sizes="16x16">
            </head>
            <body>
                <div id="swagger-ui" data-document-url="{Attribute(ExternalBase(request) + DocumentPath)}"></div>
                <script src="{Attribute(docs + "/swagger-ui-bundle.js")}" charset="UTF-8"></script>
                <script src="{Attribute(docs + "/swagger-ui-standalone-preset.js")}" charset="UTF-8"></script>
                <script>{SwaggerUiScript}</script>
            </body>
            </html>

            """;
    }

    public static string ReDoc(HttpRequest request) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="UTF-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Executors API</title>
            <style>{ReDocStyle}</style>
        </head>
        <body>
            <div id="redoc-container" data-document-url="{Attribute(ExternalBase(request) + DocumentPath)}"></div>
            <script src="{Attribute(ExternalBase(request) + ReDocFiles.ScriptPath)}" integrity="{ReDocScriptIntegrity}"></script>
            <script>{ReDocScript}</script>
        </body>
        </html>

        """;

    /// <summary>A value for a double-quoted HTML attribute: quotes, angle brackets, ampersands as character references.</summary>
    private static string Attribute(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>CSP's hash source for an inline script: SHA-256 of the script element's exact text, UTF-8.</summary>
    private static string HashSource(string script) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";
}
