using System.Data;
using Executors.Application.Common.Security;
using Executors.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// The context a request's reads use. Without <c>ConnectionStrings:ExecutorsRead</c>, and inside a write's transaction,
/// the request's own primary context. Otherwise a context of the read pool, its connection opened once for the request
/// (so that the replay check and the reads meet the same server): a standby when one answers (Npgsql's
/// <c>prefer-standby</c>), else the primary. When the caller must see a write — a position it presented in
/// <c>X-Executors-Lsn</c>, or its own last write in this process — a standby serves only once it has replayed that
/// position: it is asked every <see cref="PollInterval"/> for at most <see cref="ReplicaOptions.ReplicaWait"/>, then the
/// read goes to the primary.
/// </summary>
internal sealed partial class ReadDatabase : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly ExecutorsDbContext _primary;
    private readonly ReadContextPool? _pool;
    private readonly ReadConsistency _consistency;
    private readonly ICurrentUser? _user;
    private readonly UserWritePositions _writes;
    private readonly StandbyProgress _progress;
    private readonly ReplicaReadMetrics _metrics;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _time;
    private readonly ILogger<ReadDatabase> _logger;
    private ExecutorsDbContext? _rented;
    private ExecutorsDbContext? _chosen;

    public ReadDatabase(
        ExecutorsDbContext primary,
        ReplicaReads replicas,
        ReadConsistency consistency,
        UserWritePositions writes,
        StandbyProgress progress,
        ReplicaReadMetrics metrics,
        IOptions<ReplicaOptions> options,
        TimeProvider time,
        ILogger<ReadDatabase> logger,
        ICurrentUser? user = null)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(options);
        _primary = primary;
        _pool = replicas.Pool;
        _consistency = consistency;
        _user = user;
        _writes = writes;
        _progress = progress;
        _metrics = metrics;
        _wait = options.Value.ReplicaWait;
        _time = time;
        _logger = logger;
    }

    /// <summary>The context for the request's next read. Call it inside <c>DatabaseGuard.ReadAsync</c>: it may connect.</summary>
    public async ValueTask<ExecutorsDbContext> ContextAsync(CancellationToken cancellationToken)
    {
        if (_pool is null || _primary.Database.CurrentTransaction is not null)
        {
            return _primary;
        }

        if (_chosen is not null)
        {
            if (_chosen == _primary || _chosen.Database.GetDbConnection().State == ConnectionState.Open)
            {
                return _chosen;
            }

            // The connection broke under an earlier read (the guard retries it): choose again, on a fresh connection.
            await ReleaseAsync();
        }

        _chosen = await ChooseAsync(_pool, cancellationToken);
        return _chosen;
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    private async Task<ExecutorsDbContext> ChooseAsync(ReadContextPool pool, CancellationToken cancellationToken)
    {
        var required = Later(_consistency.Presented, _writes.Required(_user?.Name ?? string.Empty));
        _rented = pool.Rent();
        await _rented.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)_rented.Database.GetDbConnection();
        if (!InHotStandby(connection))
        {
            _metrics.Read(ReplicaReadMetrics.Primary);
            return _rented;
        }

        if (required is not { } wanted)
        {
            _metrics.Read(ReplicaReadMetrics.Standby);
            return _rented;
        }

        var standby = $"{connection.Host}:{connection.Port}";
        var started = _time.GetTimestamp();
        while (!_progress.Reached(standby, wanted))
        {
            var (inRecovery, replayed) = await ReplayedAsync(connection, cancellationToken);
            if (!inRecovery)
            {
                // Promoted since the connection was made: a primary has every committed write.
                _metrics.Read(ReplicaReadMetrics.Primary);
                return _rented;
            }

            if (replayed is { } position)
            {
                _progress.Record(standby, position);
                if (position >= wanted)
                {
                    break;
                }
            }

            var left = _wait - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                LogFallback(standby, wanted, replayed);
                await ReleaseAsync();
                _metrics.Fallback();
                _metrics.Read(ReplicaReadMetrics.Primary);
                return _primary;
            }

            await Task.Delay(left < PollInterval ? left : PollInterval, _time, cancellationToken);
        }

        _metrics.Read(ReplicaReadMetrics.Standby);
        return _rented;
    }

    private static async Task<(bool InRecovery, NpgsqlLogSequenceNumber? Replayed)> ReplayedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var inRecovery = reader.GetBoolean(0);
        NpgsqlLogSequenceNumber? replayed = reader.IsDBNull(1) ? null : reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
        return (inRecovery, replayed);
    }

    /// <summary>PostgreSQL (14 and later) reports <c>in_hot_standby</c> to every session, and again when it changes: no query.</summary>
    private static bool InHotStandby(NpgsqlConnection connection) =>
        connection.PostgresParameters.TryGetValue("in_hot_standby", out var value) && value == "on";

    private static NpgsqlLogSequenceNumber? Later(NpgsqlLogSequenceNumber? one, NpgsqlLogSequenceNumber? other) =>
        one is not { } a ? other : other is not { } b ? a : a > b ? a : b;

    private async ValueTask ReleaseAsync()
    {
        _chosen = null;
        if (_rented is null)
        {
            return;
        }

        var rented = _rented;
        _rented = null;
        try
        {
            await rented.Database.CloseConnectionAsync();
        }
        finally
        {
            await rented.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Debug, Message = "Standby {Standby} had not replayed {Required} (at {Replayed}) within the replica wait; reading from the primary")]
    private partial void LogFallback(string standby, NpgsqlLogSequenceNumber required, NpgsqlLogSequenceNumber? replayed);
}
