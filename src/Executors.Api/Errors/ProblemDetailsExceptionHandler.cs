using Executors.Api.Security;
using Executors.Application.Common.Exceptions;
using Executors.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Errors;

/// <summary>
/// The one place where exceptions become HTTP answers: RFC 9457 problem details with a <c>detail</c> string
/// (Hummingbot clients read it). Only messages written for clients are shown; anything unexpected is a bare 500
/// whose details go to the log, never to the response.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler : IExceptionHandler
{
    /// <summary>How long a client should wait before retrying while the database is unavailable.</summary>
    public static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(5);

    private readonly ILogger<ProblemDetailsExceptionHandler> _logger;

    public ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger)
    {
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case RequestValidationException validation:
                problem = new ValidationProblemDetails(validation.Errors.ToDictionary(pair => pair.Key, pair => pair.Value))
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more validation errors occurred.",
                    Detail = string.Join(" ", validation.Errors.SelectMany(pair => pair.Value)),
                };
                break;

            case BadRequestException badState:
                problem = Problem(StatusCodes.Status400BadRequest, "Bad Request", badState.Message);
                break;

            case ForbiddenException forbidden:
                problem = Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message);
                break;

            case NotFoundException notFound:
                problem = Problem(StatusCodes.Status404NotFound, "Not Found", notFound.Message);
                break;

            case DomainException domain:
                problem = Problem(StatusCodes.Status409Conflict, "The change breaks a rule of the executor's life cycle.", domain.Message);
                break;

            case ConflictException conflict:
                problem = Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message);
                break;

            case PreconditionFailedException precondition:
                problem = Problem(StatusCodes.Status412PreconditionFailed, "Precondition Failed", precondition.Message);
                break;

            case RateLimitedException limited:
                // The same answer as the rate limiter's own on entry.
                await ProblemResponses.WriteTooManyRequestsAsync(httpContext, limited.RetryAfter, limited.Message);
                return true;

            case DatabaseUnavailableException:
                LogDatabaseUnavailable(httpContext.Request.Method, httpContext.Request.Path);
                await ProblemResponses.WriteRetryLaterAsync(
                    httpContext, StatusCodes.Status503ServiceUnavailable, "Service Unavailable", DatabaseRetryAfter, "The executor store is temporarily unavailable.");
                return true;

            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                problem = Problem(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", "The request body is larger than this service accepts.");
                break;

            case BadHttpRequestException badRequest:
                problem = Problem(badRequest.StatusCode, "Bad Request", "The request could not be read.");
                break;

            case IOException when httpContext.RequestAborted.IsCancellationRequested:
                // The connection broke while the body was being read: the client is gone, there is nobody to answer.
                return true;

            case IOException framing:
                // Kestrel reports some broken request framing as a plain IOException rather than a BadHttpRequestException
                // (a chunk size that overflows: "Bad chunk size data", from an OverflowException). Nothing else in this
                // service reads a stream that throws it (Npgsql wraps its own), so it is the request's fault: a 400.
                LogUnreadableRequest(framing, httpContext.Request.Method, httpContext.Request.Path);
                problem = Problem(StatusCodes.Status400BadRequest, "Bad Request", "The request body could not be read.");
                break;

            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; there is nobody to answer.
                return true;

            default:
                LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = Problem(StatusCodes.Status500InternalServerError, "Internal Server Error", "An unexpected error occurred. It has been logged.");
                break;
        }

        await ProblemResponses.WriteAsync(httpContext, problem, exception);
        return true;
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    // Debug: the outage itself is logged once, as a warning, where it is seen (the Infrastructure's DatabaseGuard), and
    // each 503 is in the request's completion event; a warning with a stack per request would flood the log.
    [LoggerMessage(EventId = 503, Level = LogLevel.Debug, Message = "Database unavailable while serving {Method} {Path}")]
    private partial void LogDatabaseUnavailable(string method, PathString path);

    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Unreadable request body while serving {Method} {Path}")]
    private partial void LogUnreadableRequest(Exception exception, string method, PathString path);

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled exception while serving {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, PathString path);
}
