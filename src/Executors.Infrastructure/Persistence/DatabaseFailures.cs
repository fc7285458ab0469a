using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Which driver failures mean "the database is unavailable right now" (→ 503, try again later) rather than a bug,
/// and which of those are worth one more try.
/// </summary>
internal static class DatabaseFailures
{
    /// <summary>
    /// Walks the whole chain: EF Core's execution strategy wraps a transient driver failure in an
    /// <see cref="InvalidOperationException"/> ("likely due to a transient failure"), SaveChanges in a DbUpdateException.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState) || postgres.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn;
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                case SocketException:
                    return true;
                case AggregateException aggregate:
                    // A multi-host connection string that reached no host: one failure per host tried.
                    return aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable);
                case NpgsqlException { InnerException: null } when IsNoSuitableHost(current):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Npgsql's answer when a multi-host connection string names no host that is up and of the kind asked for (e.g.
    /// <c>Target Session Attributes=read-write</c> while the primary is stopped and the standby not yet promoted): a
    /// plain <see cref="NpgsqlException"/> with no inner exception and no SQLSTATE, recognisable only by its message.
    /// Writes then wait for a primary: unavailable, 503 with Retry-After.
    /// </summary>
    private static bool IsNoSuitableHost(Exception exception) =>
        exception.Message.StartsWith("No suitable host", StringComparison.Ordinal);

    /// <summary>
    /// A timeout has already spent the caller's patience (the connect or command timeout ran out): trying again would
    /// only double the wait before the 503. Every other unavailable failure is quick — a refused connection, a pooled
    /// connection that the server closed when it restarted, a server starting up — and may well pass the second time.
    /// </summary>
    public static bool IsTimeout(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a write failed only because another transaction got there first, in a way that rolled this one back
    /// entirely and that the same work, run again, can see and act on: the row it inserted was inserted meanwhile
    /// (23505), the row it updated changed since it read it (EF's concurrency check), a deadlock (40P01) or a
    /// serialization failure (40001).
    /// </summary>
    public static bool IsLostRace(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DbUpdateConcurrencyException:
                    return true;
                case PostgresException postgres:
                    return postgres.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected
                        or PostgresErrorCodes.SerializationFailure;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the failure says the database lacks the service's schema (or has an older one): a table or column it
    /// queries does not exist (42P01, 42703). The migrations were not applied — an operator's step, not a bug of the
    /// request — so it is treated as an unavailable store (503), with its own log line naming the fix.
    /// </summary>
    public static bool IsSchemaMissing(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
            {
                return postgres.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn;
            }
        }

        return false;
    }

    // 08: connection exceptions; 53: insufficient resources (too many connections, disk full);
    // 57P01-57P03: the server is shutting down or starting up; 28: the server refuses the API's credentials (a wrong
    // password, a role that may not log in, pg_hba) and 3D000: its database does not exist — a misconfigured store
    // that an operator fixes, so the client gets 503 and Retry-After as in an outage, never a 500.
    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState.StartsWith("28", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03" or "3D000";
}
