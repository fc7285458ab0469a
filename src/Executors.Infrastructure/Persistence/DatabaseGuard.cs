using Executors.Application.Common.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Every repository call to PostgreSQL goes through here. "Unavailable" failures become
/// <see cref="DatabaseUnavailableException"/> (503 with Retry-After); a cancelled request stays a cancellation and
/// anything else propagates as it is. Reads are tried once more after a short pause; writes never are (a write
/// retried after an ambiguous failure could apply twice). An outage is logged once when it starts and once when it
/// ends, not once per request. See <c>docs/adr/0009-database-outages.md</c>.
/// </summary>
internal sealed partial class DatabaseGuard
{
    /// <summary>The pause before a read's second try: long enough for a restarting server's sockets to settle.</summary>
    public static readonly TimeSpan ReadRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly ILogger<DatabaseGuard> _logger;
    private readonly TimeProvider _time;

    // The timestamp at which the current outage was first seen; 0 while the database answers.
    private long _unavailableSince;

    public DatabaseGuard(ILogger<DatabaseGuard> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
    }

    /// <summary>A read: on a quick transient failure, tried once more after <see cref="ReadRetryDelay"/>.</summary>
    public async Task<T> ReadAsync<T>(DbContext db, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            var result = await read();
            Answered();
            return result;
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
        {
            Failed(db, exception);
            if (DatabaseFailures.IsTimeout(exception))
            {
                throw new DatabaseUnavailableException(exception);
            }

            LogRetrying(exception);
        }

        await Task.Delay(ReadRetryDelay, _time, cancellationToken);
        return await WriteAsync(db, read, cancellationToken);
    }

    /// <summary>A write (or anything not safe to repeat): exactly one try.</summary>
    public async Task<T> WriteAsync<T>(DbContext db, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var result = await call();
            Answered();
            return result;
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
        {
            Failed(db, exception);
            throw new DatabaseUnavailableException(exception);
        }
    }

    private void Answered()
    {
        // One volatile read on the hot path; the exchange only when an outage has just ended.
        if (Volatile.Read(ref _unavailableSince) != 0)
        {
            var since = Interlocked.Exchange(ref _unavailableSince, 0);
            if (since != 0)
            {
                var outage = _time.GetElapsedTime(since);
                LogAvailableAgain(outage);
            }
        }
    }

    private void Failed(DbContext db, Exception exception)
    {
        if (!DatabaseFailures.IsTimeout(exception))
        {
            // The server refused, closed or dropped a connection: after a restart every idle pooled connection is
            // dead, and each would fail one request in turn. Clearing the pool makes the next rent a fresh connection.
            if (db.Database.GetDbConnection() is NpgsqlConnection connection)
            {
                NpgsqlConnection.ClearPool(connection);
            }
        }

        if (Interlocked.CompareExchange(ref _unavailableSince, _time.GetTimestamp(), 0) == 0)
        {
            LogUnavailable(exception);
        }
        else
        {
            LogStillUnavailable(exception);
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "The database is unavailable; requests that need it are answered 503 until it is back")]
    private partial void LogUnavailable(Exception exception);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "The database is still unavailable")]
    private partial void LogStillUnavailable(Exception exception);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "The database is available again after {Outage}")]
    private partial void LogAvailableAgain(TimeSpan outage);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Debug, Message = "A read failed on a transient error; trying once more")]
    private partial void LogRetrying(Exception exception);
}
