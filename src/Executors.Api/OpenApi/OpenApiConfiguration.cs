using NSwag;
using NSwag.Generation.Processors.Security;

namespace Executors.Api.OpenApi;

internal static class OpenApiConfiguration
{
    public const string SecuritySchemeName = "basic";

    public static IServiceCollection AddExecutorsOpenApi(this IServiceCollection services) =>
        services.AddOpenApiDocument(settings =>
        {
            settings.DocumentName = "v1";
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
            settings.SchemaSettings.SchemaProcessors.Add(new JsonObjectSchemaProcessor());
        });
}
