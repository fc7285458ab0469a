using System.Net.Sockets;
using Executors.Application.Common.Exceptions;
using Npgsql;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Which driver failures mean "the database is unavailable right now" (→ 503, try again later) rather than a bug.
/// </summary>
internal static class DatabaseFailures
{
    /// <summary>
    /// Runs a database call, turning "unavailable" failures into <see cref="DatabaseUnavailableException"/> (503);
    /// a cancelled request stays a cancellation, and anything else propagates as it is.
    /// </summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception exception) when (IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new DatabaseUnavailableException(exception);
        }
    }

    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    // 08: connection exceptions; 53: insufficient resources (too many connections, disk full);
    // 57P01-57P03: the server is shutting down or starting up.
    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03";
}
