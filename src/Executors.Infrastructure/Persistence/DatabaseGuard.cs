using Executors.Application.Common.Exceptions;
using Microsoft.Extensions.Logging;

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
    public async Task<T> ReadAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
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
            Failed(exception);
            if (DatabaseFailures.IsTimeout(exception) || DatabaseFailures.IsSchemaMissing(exception))
            {
                throw new DatabaseUnavailableException(exception);
            }

            LogRetrying(exception);
        }

        await Task.Delay(ReadRetryDelay, _time, cancellationToken);
        return await WriteAsync(read, cancellationToken);
    }

    /// <summary>A write (or anything not safe to repeat): exactly one try.</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
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
            Failed(exception);
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

    private void Failed(Exception exception)
    {
        // No NpgsqlConnection.ClearPool here: when a connection breaks (the server closed it, 57P01 on a restart, an I/O
        // error) Npgsql clears its pool itself, so the read's second try, and every later request, gets a fresh
        // connection (PostgresRestartTests pins that down).
        if (Interlocked.CompareExchange(ref _unavailableSince, _time.GetTimestamp(), 0) == 0)
        {
            if (DatabaseFailures.IsSchemaMissing(exception))
            {
                LogSchemaMissing(exception.GetBaseException() is Npgsql.PostgresException postgres ? postgres.MessageText : exception.GetBaseException().Message);
            }
            else
            {
                LogUnavailable(exception);
            }
        }
        else
        {
            LogStillUnavailable(exception);
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "The database is unavailable; requests that need it are answered 503 until it is back")]
    private partial void LogUnavailable(Exception exception);

    // One line, no stack: the cause is known, and what to do about it is the message.
    [LoggerMessage(EventId = 9005, Level = LogLevel.Error, Message = "The database does not have this version's schema ({Reason}): its migrations were not applied. Apply them: 'dotnet Executors.Api.dll migrate' (docker: 'docker compose run --rm api migrate'), or deploy/migrations.sql with psql, or start once with Database:MigrateOnStartup=true; until then requests that need the database are answered 503")]
    private partial void LogSchemaMissing(string reason);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "The database is still unavailable")]
    private partial void LogStillUnavailable(Exception exception);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "The database is available again after {Outage}")]
    private partial void LogAvailableAgain(TimeSpan outage);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Debug, Message = "A read failed on a transient error; trying once more")]
    private partial void LogRetrying(Exception exception);
}
