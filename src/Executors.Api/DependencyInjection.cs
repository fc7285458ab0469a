using Executors.Api.Authentication;
using Executors.Api.Errors;
using Executors.Api.Hosting;
using Executors.Api.LiveUpdates;
using Executors.Api.Logging;
using Executors.Api.OpenApi;
using Executors.Api.Security;
using Executors.Api.SharedLimits;
using Executors.Application.Common.Security;
using Executors.Application.Executors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;

namespace Executors.Api;

internal static class DependencyInjection
{
    /// <summary>
    /// The web layer's services. Every setting is bound as options (<c>AddOptions&lt;T&gt;().BindConfiguration(...)
    /// .ValidateOnStart()</c>) and read where it is used, so that invalid configuration stops the start with a message
    /// naming the key. Its pipeline: <see cref="ApiPipeline.UseApi"/>.
    /// </summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        // The options bind from the container's configuration: a host has registered it; a container built without one
        // (the serialization benchmark's) gets this.
        services.TryAddSingleton(configuration);

        services.AddTransportSecurity();
        services.AddRequestLimits();
        services.AddGracefulShutdown();

        // Serilog through the host, not a static bootstrap logger: a static logger is frozen by the first host and breaks
        // every later one in the same process (a second WebApplicationFactory, for one).
        services.AddSerilog((provider, logger) => RequestLogging.ConfigureLogger(configuration, provider, logger));

        services.AddOptions<Application.Engines.EngineOptions>()
            .BindConfiguration(Application.Engines.EngineOptions.SectionName)
            .Validate(options => options.LeaseDuration > TimeSpan.Zero, "Engines:LeaseDuration must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<Application.Engines.EngineOptions>>().Value);
        services.AddOptions<ExecutorLogOptions>()
            .BindConfiguration(ExecutorLogOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ExecutorLogOptions>>().Value);

        services.AddOptions<Application.LiveUpdates.StreamTicketOptions>()
            .BindConfiguration(Application.LiveUpdates.StreamTicketOptions.SectionName)
            .Validate(options => options.TicketLifetime > TimeSpan.Zero, "LiveUpdates:TicketLifetime must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<Application.LiveUpdates.StreamTicketOptions>>().Value);
        services.AddOptions<LiveUpdates.EventStreamOptions>()
            .BindConfiguration(LiveUpdates.EventStreamOptions.SectionName)
            .Validate(options => options.KeepAliveInterval > TimeSpan.Zero, "LiveUpdates:KeepAliveInterval must be positive.")
            .Validate(options => options.FeedWaitTimeout >= TimeSpan.Zero, "LiveUpdates:FeedWaitTimeout must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<LiveUpdates.ServerSentEvents>();

        services.AddRouting(options => options.SetParameterPolicy<Controllers.ExecutorIdRouteConstraint>(Controllers.ExecutorIdRouteConstraint.Name));
        services.AddControllers(options =>
            {
                options.Filters.Add<ExceptionHandlerFilter>();
                options.ModelMetadataDetailsProviders.Add(new Controllers.KeepEmptyStrings());
            })
            // A body that is not valid JSON is answered with MVC's neutral messages, never the parser's exception text.
            .AddJsonOptions(options => options.AllowInputFormatterExceptionMessages = false)
            .ConfigureApiBehaviorOptions(options => options.InvalidModelStateResponseFactory = BadRequestResponse.FromModelState);
        services.AddSingleton<Controllers.ExecutorJson>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResponses.Customize);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddSingleton<ExceptionHandlerFilter>();

        // Nothing the API protects outlives the process (no cookies, no antiforgery tokens): keys stay in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        services.AddBasicAuthentication();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ExecutorRoles.Reader, policy => policy.RequireAuthenticatedUser().RequireRole(ExecutorRoles.Reader))
            .AddPolicy(ExecutorRoles.Writer, policy => policy.RequireAuthenticatedUser().RequireRole(ExecutorRoles.Writer));

        services.AddCrossOriginRequests();
        services.AddSharedLimits();
        services.AddRequestRateLimiting();
        services.AddLiveUpdates();
        services.AddExecutorsOpenApi();
        Observability.Telemetry.AddTelemetry(services, configuration);

        // Last: the hosted services above have started when it runs, and Kestrel starts listening after it.
        services.AddOptions<Hosting.WarmUpOptions>()
            .BindConfiguration(Hosting.WarmUpOptions.SectionName)
            .Validate(options => options.MaxDuration > TimeSpan.Zero, $"{Hosting.WarmUpOptions.SectionName}:MaxDuration must be positive.")
            .ValidateOnStart();
        services.AddSingleton<Hosting.StartupWarmUp>();
        services.AddHostedService(provider => provider.GetRequiredService<Hosting.StartupWarmUp>());
        return services;
    }

    private static IServiceCollection AddBasicAuthentication(this IServiceCollection services)
    {
        services.AddOptions<BasicAuthenticationOptions>()
            .BindConfiguration(BasicAuthenticationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BasicAuthenticationOptions>, BasicAuthenticationOptionsValidator>();
        services.AddSingleton(PasswordPolicy.Default); // a service, not a setting: configuration cannot lower it
        services.AddOptions<FailureThrottlingOptions>()
            .BindConfiguration(FailureThrottlingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>()
            .BindConfiguration(PasswordHashingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FailedAuthenticationThrottle>();
        services.AddSingleton<TrustedClients>();
        services.AddSingleton<PasswordCheckGate>();
        services.AddSingleton<ConfiguredUsers>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfiguredUsers>());
        services.AddSingleton<CredentialVerifier>();
        services.AddHttpContextAccessor();
        // The request's user, unless a live subscription's read (run outside any request of its own) set the user of its scope.
        services.AddScoped<LiveUpdates.ScopedCurrentUser>();
        services.AddScoped<ICurrentUser>(provider => provider.GetRequiredService<LiveUpdates.ScopedCurrentUser>() is { IsSet: true } live
            ? live
            : new HttpCurrentUser(provider.GetRequiredService<IHttpContextAccessor>()));
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BasicAuthenticationHandler>(
                BasicAuthenticationHandler.SchemeName, configureOptions: null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, StreamTicketAuthenticationHandler>(
                StreamTicketAuthenticationHandler.SchemeName, configureOptions: null)
            .AddPolicyScheme(StreamAuthentication.SchemeName, displayName: null, options => options.ForwardDefaultSelector = StreamAuthentication.SelectScheme);
        return services;
    }
}
