using Executors.Application.Common.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// After a commit on the primary, when reads go to standbys: the primary's WAL insert position, read on the same
/// connection, is a position at or past the commit record. The request's answer carries it (<c>X-Executors-Lsn</c>)
/// and the process remembers it as the user's last write. The insert position rather than
/// <c>pg_current_wal_lsn()</c>: with <c>synchronous_commit=off</c> the latter may still be before the commit record.
/// One round trip per write, and none at all without <c>ConnectionStrings:ExecutorsRead</c>.
/// </summary>
internal sealed class WritePositions
{
    private readonly ReplicaReads _replicas;
    private readonly ReadConsistency _consistency;
    private readonly UserWritePositions _users;
    private readonly ICurrentUser? _user;

    public WritePositions(ReplicaReads replicas, ReadConsistency consistency, UserWritePositions users, ICurrentUser? user = null)
    {
        _replicas = replicas;
        _consistency = consistency;
        _users = users;
        _user = user;
    }

    public async Task AfterCommitAsync(ExecutorsDbContext primary, CancellationToken cancellationToken)
    {
        if (!_replicas.Enabled)
        {
            return;
        }

        var connection = (NpgsqlConnection)primary.Database.GetDbConnection();
        await primary.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
            var position = (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (_consistency.CommittedPosition is not { } earlier || position > earlier)
            {
                _consistency.CommittedPosition = position;
            }

            _users.Remember(_user?.Name ?? string.Empty, position);
        }
        finally
        {
            await primary.Database.CloseConnectionAsync();
        }
    }
}
