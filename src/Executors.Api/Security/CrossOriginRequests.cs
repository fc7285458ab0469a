using Executors.Application.Common.Persistence;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Executors.Api.Security;

/// <summary>
/// CORS is closed unless <c>Cors:AllowedOrigins</c> lists origins: then those origins only, the API's methods and
/// request headers, and the response headers a browser client needs to read. No credentials mode: Basic credentials
/// go in an explicit Authorization header, never in browser-managed cookies.
/// </summary>
internal static class CrossOriginRequests
{
    public static IServiceCollection AddCrossOriginRequests(this IServiceCollection services)
    {
        services.AddOptions<CrossOriginOptions>()
            .BindConfiguration(CrossOriginOptions.SectionName)
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CrossOriginOptions>>((cors, options) =>
        {
            var origins = options.Value.Origins;
            if (origins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy
                    .WithOrigins(origins)
                    .WithMethods(HttpMethods.Get, HttpMethods.Put, HttpMethods.Post)
                    .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.IfMatch, HeaderNames.IfNoneMatch, IReadConsistency.HeaderName)
                    .WithExposedHeaders(HeaderNames.ETag, HeaderNames.RetryAfter, HeaderNames.Location, IReadConsistency.HeaderName));
            }
        });
        return services;
    }

    public static IApplicationBuilder UseCrossOriginRequests(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<CrossOriginOptions>>().Value.Origins.Length == 0
            ? app
            : app.UseCors();
}
