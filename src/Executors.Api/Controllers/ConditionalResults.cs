using Executors.Application.Common.Exceptions;
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
        var current = new EntityTagHeaderValue(executor.ETag);
        var ifNoneMatch = controller.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false))
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new ExecutorJsonResult(executor);
    }

    /// <summary>ETag, and Cache-Control: private always (credentials were needed); a lifetime only once final.</summary>
    public static void SetValidators(this ControllerBase controller, ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(executor);
        var headers = controller.Response.Headers;
        headers.ETag = executor.ETag;
        headers.CacheControl = executor.IsActive
            ? "private, no-cache"
            : $"private, max-age={(int)FinalRecordMaxAge.TotalSeconds}, immutable";
    }

    /// <summary>
    /// The entity tags of an If-Match / If-None-Match header as sent, or <see langword="null"/> when it is absent. A
    /// header that is present but not <c>*</c> or a list of entity tags is a 400: ignoring it would turn a conditional
    /// write into an unconditional one.
    /// </summary>
    public static IReadOnlyList<string>? Tags(HttpRequest request, string headerName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers[headerName];
        if (values.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags) || tags.Count == 0)
        {
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                [headerName] = [$"{headerName} must be * or a list of quoted entity tags, as sent in ETag."],
            });
        }

        return [.. tags.Select(tag => tag.ToString())];
    }
}
