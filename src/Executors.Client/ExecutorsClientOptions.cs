namespace Executors.Client;

/// <summary>Where Executors API is and whose credentials the client sends (HTTP Basic).</summary>
public sealed class ExecutorsClientOptions
{
    /// <summary>The API's root, e.g. <c>https://executors.internal/</c>. A path prefix is kept (<c>https://gw/executors-api/</c>).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The Basic user name; RFC 7617 forbids <c>':'</c> in it.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The Basic password (may contain <c>':'</c> and any Unicode; sent as UTF-8).</summary>
    public string Password { get; set; } = "";

    /// <summary>How long one call may take, end to end (HttpClient's own default is 100 seconds).</summary>
    public TimeSpan? Timeout { get; set; }
}
