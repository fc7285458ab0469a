using Executors.Api.Authentication;
using Executors.Api.Errors;
using Executors.Api.OpenApi;
using Executors.Api.Security;
using Executors.Application.Common.Security;
using Executors.Application.Executors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Executors.Api;

internal static class DependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExecutorLogOptions>()
            .BindConfiguration(ExecutorLogOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ExecutorLogOptions>>().Value);

        services.AddControllers(options => options.Filters.Add<ExceptionHandlerFilter>())
            // A body that is not valid JSON is answered with MVC's neutral messages, never the parser's exception text.
            .AddJsonOptions(options => options.AllowInputFormatterExceptionMessages = false)
            .ConfigureApiBehaviorOptions(options => options.InvalidModelStateResponseFactory = BadRequestResponse.FromModelState);
        services.AddSingleton<Controllers.ExecutorJson>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResponses.Customize);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddSingleton<ExceptionHandlerFilter>();

        // Nothing the API protects outlives the process (no cookies, no antiforgery tokens): keys stay in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

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
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BasicAuthenticationHandler>(
                BasicAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ExecutorRoles.Reader, policy => policy.RequireAuthenticatedUser().RequireRole(ExecutorRoles.Reader))
            .AddPolicy(ExecutorRoles.Writer, policy => policy.RequireAuthenticatedUser().RequireRole(ExecutorRoles.Writer));

        services.AddCrossOriginRequests();
        services.AddRequestRateLimiting();
        services.AddExecutorsOpenApi();
        return services;
    }
}
