using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Executors.Api.Errors;

/// <summary>
/// Hands an action's exception to the app's <see cref="IExceptionHandler"/>s where MVC catches it, rather than letting
/// it climb through every middleware to <c>UseExceptionHandler</c> (the same answer, a cheaper way: docs/performance.md).
/// What the handlers decline, and whatever is thrown outside MVC, still reaches the middleware.
/// </summary>
internal sealed class ExceptionHandlerFilter : IAsyncExceptionFilter
{
    private readonly IExceptionHandler[] _handlers;

    public ExceptionHandlerFilter(IEnumerable<IExceptionHandler> handlers)
    {
        _handlers = [.. handlers];
    }

    public async Task OnExceptionAsync(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A cancellation belongs to the middleware whose token fired (request timeouts: 504; the client gone: nothing).
        if (context.Exception is OperationCanceledException)
        {
            return;
        }

        // As the exception-handler middleware does, the handlers run without the action's endpoint, so that problem
        // details are written by the default writer as their own type (MVC's writer would write a
        // ValidationProblemDetails as a ProblemDetails, dropping "errors"). The endpoint is put back for the request log.
        var httpContext = context.HttpContext;
        var endpoint = httpContext.GetEndpoint();
        httpContext.SetEndpoint(null);
        try
        {
            foreach (var handler in _handlers)
            {
                if (await handler.TryHandleAsync(httpContext, context.Exception, httpContext.RequestAborted))
                {
                    context.ExceptionHandled = true;
                    return;
                }
            }
        }
        finally
        {
            httpContext.SetEndpoint(endpoint);
        }
    }
}
