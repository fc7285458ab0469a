using System.Net.Security;

namespace Executors.Client;

/// <summary>Where the live channel is, whose credentials it sends and how it recovers from a lost connection.</summary>
public sealed class ExecutorStreamClientOptions
{
    /// <summary>The API's root, as for the HTTP client (<c>https://executors.internal/</c>); <c>ws</c>/<c>wss</c> is derived from it.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The Basic user name (reader role for the WebSocket, writer role for an engine's stop stream).</summary>
    public string UserName { get; set; } = "";

    /// <summary>The Basic password; sent only in the <c>Authorization</c> header, never in a URL.</summary>
    public string Password { get; set; } = "";

    /// <summary>
    /// A server certificate check of your own (a pinned or private CA), the same callback a user of the generated client
    /// sets on <c>SocketsHttpHandler.SslOptions</c>; <c>null</c>: the platform's validation.
    /// </summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback { get; set; }

    /// <summary>How long a subscribe, unsubscribe or ping waits for its answer before the connection is given up as broken.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening the connection (and reading <c>connected</c>) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnect (and re-subscribe) after a lost connection; false: the message stream ends with the error.</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>The first wait before a reconnect; doubled after each failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many received messages wait for the reader of <see cref="ExecutorStreamClient.ReadAllAsync"/>. When full the
    /// client stops reading the socket, and the server closes a subscriber that does not keep up (4008): never unbounded.
    /// </summary>
    public int MessageBufferCapacity { get; set; } = 1024;

    /// <summary>The largest message accepted; a bigger one breaks the connection (a reconnect follows).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        if (BaseAddress is not { IsAbsoluteUri: true } uri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("ExecutorStreamClientOptions.BaseAddress must be an absolute http or https URI.", nameof(BaseAddress));
        }

        _ = BasicCredentials.HeaderValue(UserName, Password);
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
        {
            throw new ArgumentException("ExecutorStreamClientOptions: timeouts and delays must be positive, MaxReconnectDelay at least ReconnectDelay.");
        }

        if (MessageBufferCapacity < 1 || MaxMessageBytes < 1024)
        {
            throw new ArgumentException("ExecutorStreamClientOptions: MessageBufferCapacity must be positive and MaxMessageBytes at least 1024.");
        }
    }

    /// <summary><c>http(s)://host/prefix/</c> + <paramref name="path"/> with the scheme turned into <c>ws(s)</c> when asked.</summary>
    internal Uri Resolve(string path, bool webSocket)
    {
        var root = BaseAddress!;
        var builder = new UriBuilder(root) { Query = string.Empty, Fragment = string.Empty };
        builder.Path = (root.AbsolutePath.EndsWith('/') ? root.AbsolutePath : root.AbsolutePath + "/") + path;
        if (webSocket)
        {
            builder.Scheme = root.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        }

        return builder.Uri;
    }
}
