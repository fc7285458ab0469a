using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Executors.Api.Controllers;

/// <summary>HTTP caching for executor records: ETag, If-None-Match → 304, and how long a client may keep one.</summary>
internal static class ConditionalResults
{
    /// <summary>How long a client may keep a TERMINATED executor without asking again: it never changes.</summary>
    public static readonly TimeSpan FinalRecordMaxAge = TimeSpan.FromDays(1);

    /// <summary>The executor, or 304 when the client's If-None-Match already names this version.</summary>
    public static IActionResult OkOrNotModified(this ControllerBase controller, ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(executor);
        controller.SetValidators(executor);
        return ExecutorETag.Versions(controller.Request, HeaderNames.IfNoneMatch, strict: false) is { } known && known.Contains(executor.Version)
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new ExecutorJsonResult(executor);
    }

    /// <summary>ETag, and Cache-Control: private always (credentials were needed); a lifetime only once final.</summary>
    public static void SetValidators(this ControllerBase controller, ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(executor);
        var headers = controller.Response.Headers;
        headers.ETag = ExecutorETag.For(executor.Version);
        headers.CacheControl = executor.IsActive
            ? "private, no-cache"
            : $"private, max-age={(int)FinalRecordMaxAge.TotalSeconds}, immutable";
    }
}
