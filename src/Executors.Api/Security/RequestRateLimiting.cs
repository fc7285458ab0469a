using Microsoft.AspNetCore.RateLimiting;

namespace Executors.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter over <see cref="UserRateLimiter"/>, after authentication so that it knows the user; the
/// controller charges large requests their extra cost. Over the limit: 429 problem details with <c>Retry-After</c>.
/// </summary>
internal static class RequestRateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>()
            .BindConfiguration(RateLimitingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(provider => new UserRateLimiter(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitingOptions>>(),
            provider.GetRequiredService<Observability.ApiMetrics>(),
            provider.GetRequiredService<SharedLimits.SharedLimitStore>()));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<UserRateLimiter>((options, users) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = users.PerRequest;
            options.OnRejected = (rejected, _) => new ValueTask(users.WriteRejectedAsync(rejected.HttpContext, rejected.Lease));
        });
        return services;
    }

    /// <summary>The middleware, unless the limit is off: whether it is, <see cref="UserRateLimiter.Enabled"/> alone says.</summary>
    public static IApplicationBuilder UseRequestRateLimiting(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<UserRateLimiter>().Enabled
            ? app.UseRateLimiter()
            : app;
}
