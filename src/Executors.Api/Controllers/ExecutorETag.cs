using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Persistence;
using Microsoft.Net.Http.Headers;

namespace Executors.Api.Controllers;

/// <summary>
/// An executor record's entity tag, the HTTP face of its version (a count of its own changes, RFC 9110 §8.8.3), and
/// the one reader of the If-Match / If-None-Match headers that name versions.
/// </summary>
internal static class ExecutorETag
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>The write's condition, from its If-Match and If-None-Match headers (400 when either is malformed).</summary>
    public static WriteCondition ConditionOf(HttpRequest request) => new()
    {
        Expected = Versions(request, HeaderNames.IfMatch, strict: true),
        Refused = Versions(request, HeaderNames.IfNoneMatch, strict: true),
    };

    /// <summary>
    /// The versions a header names, or <see langword="null"/> when it is absent. <c>*</c> names any version; a weak tag
    /// names the version of its value; a tag that is no version of ours names none. A header that is present but not
    /// <c>*</c> or a list of entity tags is a 400 when <paramref name="strict"/> (ignoring it would turn a conditional
    /// write into an unconditional one), and is ignored otherwise (a read is answered in full either way).
    /// </summary>
    public static VersionSet? Versions(HttpRequest request, string headerName, bool strict)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers[headerName];
        if (values.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags) || tags.Count == 0)
        {
            return strict
                ? throw new RequestValidationException(new Dictionary<string, string[]>
                {
                    [headerName] = [$"{headerName} must be * or a list of quoted entity tags, as sent in ETag."],
                })
                : null;
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return VersionSet.Any;
        }

        return VersionSet.Of(tags
            .Select(tag => long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : -1)
            .Where(version => version > 0));
    }
}
