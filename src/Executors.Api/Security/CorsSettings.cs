using Microsoft.Net.Http.Headers;

namespace Executors.Api.Security;

/// <summary>
/// CORS is closed unless <c>Cors:AllowedOrigins</c> lists origins: then those origins only, the API's methods and
/// request headers, and the response headers a browser client needs to read. No credentials mode: Basic credentials
/// go in an explicit Authorization header, never in browser-managed cookies.
/// </summary>
internal static class CorsSettings
{
    public const string SectionName = "Cors";

    public static IServiceCollection AddExecutorsCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        if (origins.Length == 0)
        {
            return services;
        }

        return services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Put, HttpMethods.Post)
            .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.IfMatch, HeaderNames.IfNoneMatch)
            .WithExposedHeaders(HeaderNames.ETag, HeaderNames.RetryAfter, HeaderNames.Location)));
    }

    public static IApplicationBuilder UseExecutorsCors(this IApplicationBuilder app, IConfiguration configuration) =>
        AllowedOrigins(configuration).Length == 0 ? app : app.UseCors();

    private static string[] AllowedOrigins(IConfiguration configuration) =>
        [.. (configuration.GetSection($"{SectionName}:AllowedOrigins").Get<string[]>() ?? [])
            .Where(origin => !string.IsNullOrWhiteSpace(origin))
            .Select(origin => origin.Trim().TrimEnd('/'))];
}
