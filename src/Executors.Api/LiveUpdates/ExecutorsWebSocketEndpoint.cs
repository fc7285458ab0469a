using System.Net.WebSockets;
using Executors.Api.Authentication;
using Executors.Api.Errors;
using Executors.Application.LiveUpdates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// <c>GET /ws/executors</c>: hummingbot-api's executor WebSocket (docs/streams.md), pushed from the change feed. The
/// connection is accepted before credentials are judged, as the original does, so a refusal is a message and a close
/// code the client can read: 4001 bad or missing credentials or ticket (a password in the query string never authenticates),
/// 4003 no reader role, 4029 too many connections of this user. Not in the OpenAPI document, which describes HTTP.
/// </summary>
internal static partial class ExecutorsWebSocketEndpoint
{
    public const string Path = "/ws/executors";
    public const int CloseAuthenticationFailed = 4001;
    public const int CloseForbidden = 4003;
    public const int CloseTooManyConnections = 4029;

    /// <summary>Where the original also took credentials; here they are never read (and never logged: QueryCredentialRedaction).</summary>
    internal static readonly string[] QueryCredentialNames = ["token", "username", "password"];

    private static readonly TimeSpan RefusalCloseWait = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddOptions<LiveUpdatesOptions>()
            .BindConfiguration(LiveUpdatesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LiveConnectionLimiter>();
        services.AddSingleton<LiveReads>();
        return services;
    }

    /// <summary>The WebSocket protocol itself, with ping frames every <see cref="LiveUpdatesOptions.KeepAliveInterval"/>.</summary>
    public static IApplicationBuilder UseLiveUpdatesWebSockets(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<LiveUpdatesOptions>>().Value;
        return app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval });
    }

    public static IEndpointRouteBuilder MapExecutorsWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, HandleAsync)
            .AllowAnonymous() // judged after the upgrade, so that a refusal reaches the client as a message and a close code
            .DisableRequestTimeout() // a connection lasts as long as the client wants
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                "Bad Request",
                $"{Path} is a WebSocket endpoint: a WebSocket upgrade is required (GET with Connection: Upgrade and Upgrade: websocket). See docs/streams.md.");
            return;
        }

        // A page of another site could open this socket with the browser's cached Basic credentials (WebSockets are not
        // bound by CORS): a browser's upgrade is accepted from this host's own pages and from Cors:AllowedOrigins only.
        // Clients that are not browsers send no Origin.
        if (!IsOriginAllowed(context))
        {
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"A WebSocket from origin '{context.Request.Headers.Origin}' is refused: only this host's pages and the origins in Cors:AllowedOrigins may open {Path}.");
            return;
        }

        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExecutorsWebSocketEndpoint).FullName!);
        // The Authorization header when there is one, else a ?ticket= (single use, from POST /streams/tickets).
        var authentication = await context.AuthenticateAsync(StreamAuthentication.SchemeName);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();

        if (!authentication.Succeeded || authentication.Principal.Identity?.Name is not { } userName)
        {
            var withoutHeader = !context.Request.Headers.ContainsKey(HeaderNames.Authorization);
            var ticket = withoutHeader && context.Request.Query.ContainsKey(StreamTicketAuthenticationHandler.QueryName);
            var queryOnly = withoutHeader && !ticket && QueryCredentialNames.Any(name => context.Request.Query.ContainsKey(name));
            var message = authentication.Failure switch
            {
                AuthenticationThrottledException throttled => $"Authentication failed: too many failed attempts from this client or for this user. Retry in {ProblemResponses.RetryAfterSeconds(throttled.RetryAfter)} seconds.",
                _ when ticket => "Authentication failed: the ticket is not valid (unknown, already used or expired); ask POST /streams/tickets for a new one.",
                _ when queryOnly => "Authentication failed: credentials in the query string are not accepted; send an Authorization header or a ticket.",
                _ => "Authentication failed",
            };
            await RefuseAsync(socket, message, CloseAuthenticationFailed, "Authentication failed");
            return;
        }

        var user = authentication.Principal;
        if (!user.IsInRole(ExecutorRoles.Reader))
        {
            await RefuseAsync(socket, $"User '{userName}' lacks the '{ExecutorRoles.Reader}' role this channel needs.", CloseForbidden, "Forbidden");
            return;
        }

        var limiter = services.GetRequiredService<LiveConnectionLimiter>();
        using var lease = limiter.TryAcquire(userName);
        if (lease is null)
        {
            LogTooManyConnections(logger, userName, limiter.MaxPerUser);
            await RefuseAsync(socket, $"Too many live connections: user '{userName}' already has {limiter.MaxPerUser} open (LiveUpdates:MaxConnectionsPerUser).", CloseTooManyConnections, "Too many connections");
            return;
        }

        var connection = new ExecutorsWebSocketConnection(
            socket,
            userName,
            HttpCurrentUser.ScopeOf(user),
            services.GetRequiredService<LiveReads>(),
            services.GetRequiredService<IExecutorChangeFeed>(),
            services.GetRequiredService<IOptions<LiveUpdatesOptions>>().Value,
            services.GetRequiredService<TimeProvider>(),
            logger);
        LogOpened(logger, connection.Id, userName);
        await connection.RunAsync(context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
    }

    private static bool IsOriginAllowed(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<IOptions<Security.CrossOriginOptions>>().Value.Origins;
        return allowed.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }

    private static async Task RefuseAsync(WebSocket socket, string message, int closeStatus, string reason)
    {
        using var timeout = new CancellationTokenSource(RefusalCloseWait);
        try
        {
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "error", ["message"] = message });
            await socket.SendAsync(body, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            await socket.CloseAsync((WebSocketCloseStatus)closeStatus, reason, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            socket.Abort(); // the client did not answer the close: nothing more to tell it
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live connection {ConnectionId} opened for {UserName}")]
    private static partial void LogOpened(ILogger logger, string connectionId, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live connection refused: {UserName} already has {MaxConnections} open")]
    private static partial void LogTooManyConnections(ILogger logger, string userName, int maxConnections);
}
