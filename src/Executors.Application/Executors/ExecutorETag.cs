namespace Executors.Application.Executors;

/// <summary>An executor record's entity tag: its version (a count of its own changes), quoted (RFC 9110 §8.8.3).</summary>
public static class ExecutorETag
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>
    /// Whether an If-Match / If-None-Match list names this version: <c>*</c> names any existing record; weak tags
    /// (<c>W/"…"</c>) compare by their value.
    /// </summary>
    public static bool Matches(IReadOnlyList<string> tags, long version)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var current = For(version);
        return tags.Any(tag => tag == "*" || tag == current || tag == "W/" + current);
    }
}
