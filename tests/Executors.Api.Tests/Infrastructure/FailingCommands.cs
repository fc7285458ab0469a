using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Makes the first <c>failures</c> database commands that match fail before they reach the server, with a driver
/// exception of the given kind (by default a broken connection, as a restarted server leaves in the pool), and counts
/// every matching command. Added to the API's context with <c>ConfigureDbContext</c>.
/// </summary>
internal sealed class FailingCommands : DbCommandInterceptor
{
    private readonly Func<DbCommand, bool> _matches;
    private readonly Func<Exception> _failure;
    private int _remaining;
    private int _matched;

    public FailingCommands(Func<DbCommand, bool> matches, int failures, Func<Exception>? failure = null)
    {
        _matches = matches;
        _remaining = failures;
        _failure = failure ?? BrokenConnection;
    }

    /// <summary>How many matching commands were sent (failed ones included).</summary>
    public int Matched => Volatile.Read(ref _matched);

    public static Exception BrokenConnection() =>
        new NpgsqlException("Exception while reading from stream", new EndOfStreamException("injected: the server closed the connection"));

    public static Exception ConnectTimeout() =>
        new NpgsqlException("The operation has timed out", new TimeoutException("injected: timeout while connecting"));

    /// <summary>A read: a SELECT, or a statement that opens with common table expressions (WITH … SELECT).</summary>
    public static bool IsSelect(DbCommand command) =>
        command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
        || command.CommandText.TrimStart().StartsWith("WITH", StringComparison.OrdinalIgnoreCase);

    public static bool IsWrite(DbCommand command) =>
        command.CommandText.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase)
        || command.CommandText.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        if (!_matches(command))
        {
            return;
        }

        Interlocked.Increment(ref _matched);
        if (Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw _failure();
        }
    }
}
