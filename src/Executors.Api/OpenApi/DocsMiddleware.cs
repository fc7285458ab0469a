using System.Text.Json;
using Namotion.Reflection;

namespace Executors.Api.OpenApi;

/// <summary>
/// Serves the OpenAPI document and the two docs pages (and the redirects to them) in place of NSwag's own middlewares,
/// which read <c>X-Forwarded-Prefix</c>/<c>X-Forwarded-Host</c> from any client and put the <c>Host</c> header in the
/// document's <c>servers</c>. Only <see cref="HttpRequest.PathBase"/> (see <see cref="DocsPages.ExternalBase"/>) is
/// taken from the request. ReDoc's bundle is served from the API (<see cref="ReDocFiles"/>); Swagger UI's static files
/// are still served by NSwag, behind this.
/// </summary>
internal sealed class DocsMiddleware(RequestDelegate next, IServiceProvider services)
{
    private const string Html = "text/html; charset=utf-8";

    private Task<string>? _document;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        if (Is(path, DocsPages.DocumentPath))
        {
            return WriteDocumentAsync(context);
        }

        if (Is(path, DocsPages.SwaggerUiPath) || Is(path, DocsPages.ReDocPath))
        {
            // NSwag answered these with 302 too; Location is an absolute path under the (escaped) path base.
            var page = Is(path, DocsPages.SwaggerUiPath) ? DocsPages.SwaggerUiPath : DocsPages.ReDocPath;
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = DocsPages.ExternalBase(request) + page + DocsPages.IndexFile;
            return Task.CompletedTask;
        }

        if (Is(path, DocsPages.SwaggerUiPath + DocsPages.IndexFile))
        {
            return WriteAsync(context, Html, DocsPages.SwaggerUi(request));
        }

        if (Is(path, DocsPages.ReDocPath + DocsPages.IndexFile))
        {
            return WriteAsync(context, Html, DocsPages.ReDoc(request));
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            if (ReDocFiles.TryGet(path, out var contentType, out var body))
            {
                // The same bytes until the API is upgraded (the page pins them by integrity): a day in caches.
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = contentType;
                context.Response.ContentLength = body.Length;
                context.Response.Headers.CacheControl = "public, max-age=86400";
                return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
            }
        }

        return next(context);
    }

    /// <summary>The path as NSwag matched its own: case-insensitive, slashes at either end ignored.</summary>
    private static bool Is(PathString path, string route) =>
        path.Value is { } value && value.AsSpan().Trim('/').Equals(route.AsSpan().Trim('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The committed document (what <c>openapi</c> writes), generated once. Behind a configured proxy's prefix it gets
    /// one relative server, the prefix, so that Swagger UI and ReDoc call <c>/prefix/executors/…</c>; never a host.
    /// </summary>
    private async Task WriteDocumentAsync(HttpContext context)
    {
        var json = await DocumentAsync();
        var external = DocsPages.ExternalBase(context.Request);
        if (external.Length > 0)
        {
            // The generated document starts with "{\n"; JsonEncodedText escapes quotes, <, >, & and + as \uXXXX.
            json = $"{{\n  \"servers\": [\n    {{\n      \"url\": \"{JsonEncodedText.Encode(external)}\"\n    }}\n  ],{json.AsSpan(1)}";
        }

        await WriteAsync(context, "application/json; charset=utf-8", json);
    }

    /// <summary>One generation shared by every request; a failed one is retried by the next request.</summary>
    private Task<string> DocumentAsync()
    {
        var current = Volatile.Read(ref _document);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        var fresh = GenerateAsync();
        return Interlocked.CompareExchange(ref _document, fresh, current) == current ? fresh : Volatile.Read(ref _document)!;
    }

    private async Task<string> GenerateAsync()
    {
        var json = await OpenApiCommand.GenerateJsonAsync(services);

        // As NSwag's middleware does: the reflection caches filled while generating are not needed afterwards.
        XmlDocs.ClearCache();
        CachedType.ClearCache();
        return json;
    }

    private static Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
