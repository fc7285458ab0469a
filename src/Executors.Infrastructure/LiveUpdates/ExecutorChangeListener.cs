using System.Text.Json;
using Executors.Application.LiveUpdates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Executors.Infrastructure.LiveUpdates;

/// <summary>
/// Hears every committed change on the database (the triggers' <c>pg_notify</c>, ADR 16) on one dedicated connection
/// and publishes it to <see cref="ExecutorChangeHub"/>. The connection is outside the pool (a LISTEN belongs to one
/// session) and sends a keepalive query when idle, so a silently dropped connection is noticed within seconds. When it
/// is lost the listener reconnects with growing pauses and, once listening again, publishes
/// <see cref="ExecutorChangeKind.Resync"/>: whatever was committed in between was not heard, so subscribers read again.
/// </summary>
internal sealed partial class ExecutorChangeListener : BackgroundService
{
    /// <summary>The NOTIFY channel the migration's triggers write to.</summary>
    public const string Channel = "executor_changes";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;
    private readonly ExecutorChangeHub _hub;
    private readonly ILogger<ExecutorChangeListener> _logger;

    public ExecutorChangeListener(ChangeFeedConnection connection, ExecutorChangeHub hub, ILogger<ExecutorChangeListener> logger)
    {
        _connectionString = connection.ConnectionString;
        _hub = hub;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        var heardBefore = false;
        var warned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                _hub.MarkListening();
                if (heardBefore)
                {
                    LogResumed();
                    _hub.Publish(ExecutorChangeKind.Resync, null, null);
                }

                heardBefore = true;
                warned = false;
                delay = FirstRetryDelay;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Any failure of the connection is survived by making a new one; the service keeps serving.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _hub.MarkNotListening();

                // One warning per outage (ADR 9), however many attempts it takes; the attempts themselves at Debug.
                if (!warned)
                {
                    LogLost(exception, delay.TotalSeconds);
                    warned = true;
                }
                else
                {
                    LogRetryFailed(exception.Message, delay.TotalSeconds);
                }
            }

            try
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetryDelay.Ticks));
        }

        _hub.MarkNotListening();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        if (TryParse(notification.Payload, out var kind, out var executorId, out var accountName))
        {
            _hub.Publish(kind, executorId, accountName);
        }
        else
        {
            LogUnreadable(notification.Payload.Length);
        }
    }

    /// <summary>Reads a trigger's payload: <c>{"k": kind, "x": executor id?, "a": account?}</c>.</summary>
    internal static bool TryParse(string payload, out ExecutorChangeKind kind, out string? executorId, out string? accountName)
    {
        kind = default;
        executorId = null;
        accountName = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("k", out var k) || k.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            switch (k.GetString())
            {
                case "executor": kind = ExecutorChangeKind.Executor; break;
                case "logs": kind = ExecutorChangeKind.Logs; break;
                case "positions": kind = ExecutorChangeKind.Positions; break;
                case "lease": kind = ExecutorChangeKind.Lease; break;
                default: return false;
            }

            executorId = root.TryGetProperty("x", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            accountName = root.TryGetProperty("a", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            return kind == ExecutorChangeKind.Positions || executorId is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed cannot listen to the database; trying again in {DelaySeconds} s (live updates pause meanwhile)")]
    private partial void LogLost(Exception exception, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The change feed could not listen yet ({Reason}); trying again in {DelaySeconds} s")]
    private partial void LogRetryFailed(string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The change feed is listening again; subscribers re-read their state")]
    private partial void LogResumed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed ignored a notification it could not read ({Length} characters)")]
    private partial void LogUnreadable(int length);
}

/// <summary>The connection string of the listening connection: the service's own, unpooled, with a keepalive query.</summary>
internal sealed class ChangeFeedConnection
{
    /// <summary>Seconds of silence after which the listening connection sends a keepalive query.</summary>
    public const int KeepAliveSeconds = 10;

    /// <summary>How the listening session is named in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "executors-api change feed";

    public ChangeFeedConnection(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = KeepAliveSeconds,
            ApplicationName = ApplicationName,
        };
        ConnectionString = builder.ConnectionString;
    }

    public string ConnectionString { get; }
}
