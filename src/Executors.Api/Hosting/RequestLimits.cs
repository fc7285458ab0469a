using Executors.Api.Errors;
using Executors.Api.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>
/// Limits on everything a client controls the size or duration of. Kestrel's own rejections (431, 414, 400) are bare:
/// no body, the connection closed. So the app enforces <see cref="LimitsOptions"/> itself, with problem details, and
/// Kestrel's hard limits are set well above them, only as a backstop against what the app cannot even receive.
/// </summary>
internal static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;

            // Backstops: twice the app's limits (at least Kestrel's defaults), so that a request between the two is
            // still answered with problem details by the app.
            kestrel.Limits.MaxRequestLineSize = Math.Max(8 * 1024, 2 * limits.MaxUrlLength);
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(32 * 1024, 2 * limits.MaxRequestHeadersBytes);
            kestrel.Limits.MaxRequestHeaderCount = Math.Max(100, 2 * limits.MaxRequestHeaderCount);

            // Slow clients (slowloris): Kestrel's defaults, stated so that nobody loosens them by accident.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            kestrel.Limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<LimitsOptions>>((timeouts, options) =>
            timeouts.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = options.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = context => ProblemResponses.WriteAsync(
                    context, StatusCodes.Status504GatewayTimeout, "Gateway Timeout", "The request took longer than this service allows."),
            });

        // Nesting is bounded while the body is read, before anything is built from it; over the limit MVC answers 400
        // with its neutral "could not be read" message (input formatter exception messages are off).
        // A duplicated key is refused rather than "last one wins": two readers of one body must not disagree on it. A
        // field the request does not have is refused rather than ignored: a misspelt "net_pnl_quot" must not store 0
        // (the documents say additionalProperties: false; BadRequestResponse names the field).
        services.AddOptions<Microsoft.AspNetCore.Mvc.JsonOptions>().Configure<IOptions<LimitsOptions>>((json, options) =>
        {
            json.JsonSerializerOptions.MaxDepth = options.Value.MaxJsonDepth;
            json.JsonSerializerOptions.AllowDuplicateProperties = false;
            json.JsonSerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            json.JsonSerializerOptions.Converters.Add(new NoNulStringConverter());
        });
        return services;
    }

    /// <summary>
    /// 414/431 with problem details for a request target or headers over the app's limits; 400 for a repeated query
    /// parameter.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
        return app.Use((context, next) =>
        {
            var request = context.Request;
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            var targetLength = string.IsNullOrEmpty(target)
                ? request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0
                : target.Length;
            if (targetLength > limits.MaxUrlLength)
            {
                return ProblemResponses.WriteAsync(context, StatusCodes.Status414UriTooLong, "URI Too Long", $"The request target is longer than {limits.MaxUrlLength} characters.");
            }

            if (request.Headers.Count > limits.MaxRequestHeaderCount)
            {
                return ProblemResponses.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request Header Fields Too Large", $"The request has more than {limits.MaxRequestHeaderCount} header fields.");
            }

            long headerBytes = 0;
            foreach (var (name, values) in request.Headers)
            {
                foreach (var value in values)
                {
                    headerBytes += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n"
                }
            }

            if (headerBytes > limits.MaxRequestHeadersBytes)
            {
                return ProblemResponses.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request Header Fields Too Large", $"The request headers are larger than {limits.MaxRequestHeadersBytes} bytes.");
            }

            // The API has no multi-valued query parameters: "?limit=5&limit=abc" is ambiguous (which one counts depends
            // on who reads it), so it is refused rather than resolved.
            foreach (var (name, values) in request.Query)
            {
                if (values.Count > 1)
                {
                    return ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request", $"The query parameter '{name}' is given more than once.");
                }
            }

            return next(context);
        });
    }
}
