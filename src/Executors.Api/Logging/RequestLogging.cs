using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;
using Serilog;
using Serilog.AspNetCore;

namespace Executors.Api.Logging;

/// <summary>
/// One completion event per request: method, route template (not the raw path, so events group by endpoint),
/// status, elapsed time and the authenticated user. Headers are never logged, the Authorization header least of all.
/// </summary>
internal static class RequestLogging
{
    /// <summary>Events queued for the console at most; beyond it new events are dropped, never waited for.</summary>
    public const int AsyncBufferSize = 10_000;

    public const string MessageTemplate =
        "HTTP {RequestMethod} {RouteTemplate} responded {StatusCode} in {Elapsed:0.0000} ms for {UserName}";

    public static void Configure(RequestLoggingOptions options)
    {
        options.MessageTemplate = MessageTemplate;
        options.GetLevel = (httpContext, _, exception) => LevelFor(httpContext.Response.StatusCode, exception);
        options.EnrichDiagnosticContext = (diagnostics, httpContext) =>
        {
            // After an exception the handler middleware clears the endpoint; the feature it leaves keeps the original.
            var endpoint = (httpContext.GetEndpoint() ?? httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint) as RouteEndpoint;
            diagnostics.Set("RouteTemplate", endpoint is null ? "(no route)" : TemplateOf(endpoint.RoutePattern));
            diagnostics.Set("UserName", httpContext.User.Identity?.Name ?? "(anonymous)");
        };
    }

    /// <summary>
    /// The route as its readers know it, <c>/executors/{executor_id}</c>: its segments with the parameters' names, without
    /// their constraints (<c>{executor_id:executorId}</c> is routing's business, not the log's).
    /// </summary>
    internal static string TemplateOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => string.Empty,
        }))));

    /// <summary>
    /// Error for a failure of the service (5xx, or an exception escaping); Warning for 503, which only says the database
    /// is away — that is logged once per outage already, and an Error per request would bury it; Information otherwise.
    /// </summary>
    internal static Serilog.Events.LogEventLevel LevelFor(int statusCode, Exception? exception) => statusCode switch
    {
        StatusCodes.Status503ServiceUnavailable when exception is null => Serilog.Events.LogEventLevel.Warning,
        >= 500 => Serilog.Events.LogEventLevel.Error,
        _ when exception is not null => Serilog.Events.LogEventLevel.Error,
        _ => Serilog.Events.LogEventLevel.Information,
    };

    /// <summary>
    /// Serilog from configuration; compact JSON on the console unless configuration names its own sinks. That default
    /// console sink is asynchronous: a request only queues its event (a bounded queue that drops rather than blocks when
    /// the console cannot keep up), and a background thread formats and writes it. The queue is flushed when the host
    /// disposes the logger at shutdown.
    /// </summary>
    public static void ConfigureLogger(IConfiguration configuration, IServiceProvider services, LoggerConfiguration logger)
    {
        logger.ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.With<QueryCredentialRedaction>(); // last: masks what the others added too

        if (!configuration.GetSection("Serilog:WriteTo").Exists())
        {
            logger.WriteTo.Async(
                sink => sink.Console(new Serilog.Formatting.Compact.RenderedCompactJsonFormatter()),
                bufferSize: AsyncBufferSize,
                blockWhenFull: false);
        }
    }
}
