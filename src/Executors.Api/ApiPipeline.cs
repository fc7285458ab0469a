using Executors.Api.Errors;
using Executors.Api.Hosting;
using Executors.Api.LiveUpdates;
using Executors.Api.Logging;
using Executors.Api.OpenApi;
using Executors.Api.Replicas;
using Executors.Api.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Serilog;

namespace Executors.Api;

/// <summary>The API's request pipeline, in order, over the services <see cref="DependencyInjection.AddApi"/> registers.</summary>
internal static class ApiPipeline
{
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseSerilogRequestLogging(RequestLogging.Configure);
        app.UseSecurityHeaders();
        app.UseTransportSecurity();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ProblemResponses.WriteStatusAsync(context.HttpContext));
        app.UseRequestLimits();
        app.UseRequestTimeouts();
        app.UseCrossOriginRequests();
        app.UseLiveUpdatesWebSockets();

        app.UseExecutorsOpenApi();

        app.UseAuthentication();
        app.UseRequestRateLimiting(); // after authentication: it limits per user
        app.UseAuthorization();
        app.UseReadYourWrites(); // X-Executors-Lsn: after authorization, so a stranger's malformed header is a 401 first
        app.MapControllers();
        app.MapExecutorsWebSocket(); // GET /ws/executors: not a controller, not in the OpenAPI document (docs/streams.md)

        // For operators and load balancers: no credentials, no data (the body is "Healthy" or "Unhealthy").
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Infrastructure.DependencyInjection.ReadinessTag) }).AllowAnonymous();
        return app;
    }
}
