using NSwag;
using NSwag.Generation.Processors.Security;

namespace Executors.Api.OpenApi;

internal static class OpenApiConfiguration
{
    public const string SecuritySchemeName = "basic";

    public const string DocumentName = "v1";

    public static IServiceCollection AddExecutorsOpenApi(this IServiceCollection services) =>
        services.AddOpenApiDocument(settings =>
        {
            settings.DocumentName = DocumentName;
            settings.Title = "Executors API";
            settings.Version = "v1";
            settings.Description =
                "Records of trading executors (position, grid, DCA, TWAP… executors): status, PnL, fees, " +
                "configuration and errors. Every /executors route takes HTTP Basic credentials.";
            settings.AddSecurity(SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Basic,
                Scheme = "basic",
                Description = "HTTP Basic authentication: Authorization: Basic base64(username:password).",
            });
            settings.OperationProcessors.Add(new AspNetCoreOperationSecurityScopeProcessor(SecuritySchemeName));
            settings.OperationProcessors.Add(new ResponseExamplesProcessor());
            settings.OperationProcessors.Add(new ProblemDetailsContentProcessor());
            settings.OperationProcessors.Add(new ReadYourWritesProcessor());
            // The controller's <summary> becomes the tag's description in the document's tag list.
            settings.UseControllerSummaryAsTagDescription = true;
            settings.SchemaSettings.SchemaProcessors.Add(new JsonObjectSchemaProcessor());

        });

    /// <summary>
    /// The document at <c>/swagger/v1/swagger.json</c>, Swagger UI at <c>/docs</c> and ReDoc at <c>/redoc</c>, unless
    /// <c>Docs:Enabled</c> is false. None of them needs credentials or shows data: the Basic "Authorize" flow on the
    /// page sends the user's own credentials with each "Try it out" call. The document and the pages are written by
    /// <see cref="DocsMiddleware"/>, which takes nothing from the request but its path base; NSwag's Swagger UI
    /// middleware is kept for Swagger UI's files only (its index page and redirect are never reached). Their
    /// Content-Security-Policy: <see cref="DocsPages"/>, set by SecurityHeaders.
    /// </summary>
    public static WebApplication UseExecutorsOpenApi(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Docs:Enabled", defaultValue: true))
        {
            return app;
        }

        app.UseMiddleware<DocsMiddleware>();
        app.UseSwaggerUi(settings =>
        {
            settings.Path = DocsPages.SwaggerUiPath;
            settings.DocumentPath = DocsPages.DocumentPath;
            // NSwag's default reads X-Forwarded-Prefix/-Host itself, from anyone. Its redirect and index page, which
            // use this, are shadowed by DocsMiddleware; should they ever answer, they get the trusted path base only.
            settings.TransformToExternalPath = (route, request) => DocsPages.ExternalBase(request) + route;
        });
        return app;
    }
}
