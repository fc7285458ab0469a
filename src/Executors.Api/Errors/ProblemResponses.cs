using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Errors;

/// <summary>
/// Problem details written straight to the response, by the parts of the pipeline that answer before or outside MVC:
/// the Basic handler, the request limits, the rate limiter. One writer, so that every such answer has the same shape
/// (and the <c>traceId</c> and <c>detail</c> the problem-details service adds).
/// </summary>
internal static class ProblemResponses
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
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

    /// <summary>Whole seconds, rounded up, at least 1.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
