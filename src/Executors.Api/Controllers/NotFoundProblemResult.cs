using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Controllers;

/// <summary>
/// 404 problem details for a lookup that found nothing, written exactly as <c>ProblemDetailsExceptionHandler</c> writes
/// a <c>NotFoundException</c> (same status, title, detail, writer and headers), without an exception: an unknown id is
/// an ordinary answer. Like the exception handler, it writes without the action's endpoint, so that the problem-details
/// service's default writer answers rather than MVC's.
/// </summary>
internal sealed class NotFoundProblemResult(string detail) : IActionResult
{
    /// <summary>The title <c>ProblemDetailsExceptionHandler</c> gives a 404.</summary>
    public const string Title = "Not Found";

    public string Detail { get; } = detail;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.HttpContext;
        httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        var endpoint = httpContext.GetEndpoint();
        httpContext.SetEndpoint(null);
        try
        {
            await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = Title, Detail = Detail },
            });
        }
        finally
        {
            httpContext.SetEndpoint(endpoint);
        }
    }
}
