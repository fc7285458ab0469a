using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Errors;

/// <summary>
/// The one writer of problem details answered outside MVC: the Basic handler (401, 403, 429, 503), the request limits
/// (400, 414, 431, 504), the rate limiter (429), status-code pages and the exception handler. One writer, so that every
/// such answer has the same shape, and <c>Retry-After</c> is computed in one place. <see cref="Customize"/> completes
/// every problem, MVC's included.
/// </summary>
internal static class ProblemResponses
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        WriteAsync(context, new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>
    /// Writes <paramref name="problem"/> with its status. A client whose <c>Accept</c> header names no JSON type still
    /// gets problem JSON: the alternative, the problem-details service refusing, would turn a 4xx into a 500.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var problemContext = new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception };
        if (!await service.TryWriteAsync(problemContext))
        {
            var fallback = TypedResults.Problem(problem); // fills type and title from the status, as the service does
            Customize(problemContext);
            await fallback.ExecuteAsync(context);
        }
    }

    /// <summary>The answer of status-code pages: a problem for a status that has no body yet (404, 405, 415...).</summary>
    public static Task WriteStatusAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, new ProblemDetails { Status = context.Response.StatusCode });
    }

    /// <summary>
    /// A "try again later" answer (429, 503): <c>Retry-After</c> in whole seconds, rounded up so that asking again then is
    /// never too early, and a detail ending with the same advice.
    /// </summary>
    public static Task WriteRetryLaterAsync(HttpContext context, int status, string title, TimeSpan retryAfter, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = RetryAfterSeconds(retryAfter);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, status, title, $"{reason} Retry in {seconds} seconds.");
    }

    /// <summary>429 with Retry-After: the rate limiter's answer, on entry and when a request's extra cost is refused.</summary>
    public static Task WriteTooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, string reason) =>
        WriteRetryLaterAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests", retryAfter, reason);

    /// <summary>Whole seconds, rounded up, at least 1.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>
    /// What every problem carries (<c>ProblemDetailsOptions.CustomizeProblemDetails</c>, so MVC's too): the path as
    /// <c>instance</c>, a <c>traceId</c>, and a <c>detail</c> — Hummingbot clients read it — even for answers that have
    /// none of their own (status-code pages: 404 of an unknown route, 405; MVC's 415).
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        var request = context.HttpContext.Request;
        problem.Detail ??= problem.Status switch
        {
            // Only routing answers these without a detail of its own (an unknown executor's 404 names the executor).
            StatusCodes.Status404NotFound => $"No route {request.Method} {request.PathBase}{request.Path}.",
            StatusCodes.Status405MethodNotAllowed => context.HttpContext.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{request.Method} is not allowed on {request.PathBase}{request.Path}; it allows {string.Join(", ", allow.ToArray())}."
                : $"{request.Method} is not allowed on {request.PathBase}{request.Path}.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
            _ => problem.Title,
        };
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
