using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter, one fixed window per authenticated user name (anonymous requests: per client
/// address), after authentication so that it knows the user. Health probes are never limited. Over the limit: 429
/// problem details with <c>Retry-After</c>.
/// </summary>
internal static class RequestRateLimiting
{
    public static IServiceCollection AddExecutorsRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RateLimitingOptions.SectionName);
        services.AddOptions<RateLimitingOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        if (options.PermitLimit == 0)
        {
            return services;
        }

        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var key = context.User.Identity is { IsAuthenticated: true, Name: { } name }
                    ? "user:" + name
                    : "address:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = options.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var http = rejected.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too Many Requests",
                        Detail = $"More than {options.PermitLimit} requests in {options.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. Retry in {seconds} seconds.",
                    },
                });
            };
        });
    }

    public static IApplicationBuilder UseExecutorsRateLimiting(this IApplicationBuilder app, IConfiguration configuration) =>
        (configuration.GetSection(RateLimitingOptions.SectionName).Get<RateLimitingOptions>() ?? new RateLimitingOptions()).PermitLimit == 0
            ? app
            : app.UseRateLimiter();
}
