using Executors.Api;
using Executors.Api.Authentication;
using Executors.Api.Errors;
using Executors.Api.Hosting;
using Executors.Api.Logging;
using Executors.Api.OpenApi;
using Executors.Api.Security;
using Executors.Application;
using Executors.Infrastructure;
using Executors.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Serilog;

if (args is [HashPasswordCommand.Name, .. var commandArgs])
{
    return HashPasswordCommand.Run(commandArgs, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

// "openapi [PATH]" builds the app as below but, instead of running it, writes its OpenAPI document and stops.
IReadOnlyList<string>? openApiArgs = args is [OpenApiCommand.Name, .. var rest] ? rest : null;

var builder = openApiArgs is null ? WebApplication.CreateBuilder(args) : WebApplication.CreateBuilder(OpenApiCommand.HostOptions);
builder.Services
    .AddTransportSecurity()
    .AddRequestLimits()
    .AddGracefulShutdown();

// Serilog through the host, not a static bootstrap logger: a static logger is frozen by the first host and breaks
// every later one in the same process (a second WebApplicationFactory, for one).
builder.Services.AddSerilog((services, logger) => RequestLogging.ConfigureLogger(builder.Configuration, services, logger));

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration);

var app = builder.Build();

app.UseSerilogRequestLogging(RequestLogging.Configure);
app.UseSecurityHeaders();
app.UseTransportSecurity();
app.UseExceptionHandler();
app.UseStatusCodePages(context => ProblemResponses.WriteStatusAsync(context.HttpContext));
app.UseRequestLimits();
app.UseRequestTimeouts();
app.UseCrossOriginRequests();

app.UseExecutorsOpenApi();

app.UseAuthentication();
app.UseRequestRateLimiting(); // after authentication: it limits per user
app.UseAuthorization();
app.MapControllers();

// For operators and load balancers: no credentials, no data (the body is "Healthy" or "Unhealthy").
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Executors.Infrastructure.DependencyInjection.ReadinessTag) }).AllowAnonymous();

if (openApiArgs is not null)
{
    await using (app)
    {
        return await OpenApiCommand.RunAsync(app.Services, openApiArgs, Console.Out, Console.Error);
    }
}

// Migrations and demo data only when configured (Development, ./run.sh); never in the part NSwag runs to Build().
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);

await app.RunAsync();
return 0;

/// <summary>The API's entry point; public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
