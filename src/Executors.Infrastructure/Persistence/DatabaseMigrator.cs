using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Applies the pending migrations to the configured database: the one code path of both <c>Database:MigrateOnStartup</c>
/// (<see cref="DatabaseInitializer"/>) and the API's <c>migrate</c> command. A run holds a PostgreSQL advisory lock of
/// the database throughout, so two runs at once (two replicas starting, a job and a start) apply each migration once;
/// the second waits, then finds nothing left to do.
/// </summary>
public sealed class DatabaseMigrator
{
    /// <summary>
    /// The command timeout while migrating, instead of the service's 10 s per query: a migration may rewrite a large
    /// table, and a second run waits for the first one's lock for as long as that takes.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The advisory lock of a migration run (any fixed number other code of the database does not use).</summary>
    internal const long LockKey = 0x45584543_4d494752; // "EXECMIGR"

    private readonly IServiceScopeFactory _scopes;

    public DatabaseMigrator(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
    }

    /// <summary>Applies every pending migration and returns the ones this call applied (none when up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        db.Database.SetCommandTimeout(CommandTimeout);
        await CreateDatabaseIfMissingAsync(db, cancellationToken);

        // EF Core's own lock on the history table is taken per migration's transaction: two runs at once were seen to
        // both apply the second migration (42701 "column already exists"). A session lock of the database, held on
        // the connection EF then migrates through, makes the whole run one at a time; the second run waits, then
        // reads the history the first one wrote.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            var before = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            await db.Database.MigrateAsync(cancellationToken);
            var after = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
            return after.Where(migration => !before.Contains(migration)).ToArray();
        }
        finally
        {
            // Closing the connection returns it to the pool, where the session (and its lock) would live on. A broken
            // connection has no session left to unlock, and its failure is the one to report.
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock_all()", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The migrations of this version, each with whether the database has it.</summary>
    public async Task<IReadOnlyList<(string Migration, bool Applied)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        var applied = (await AppliedAsync(db, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return db.Database.GetMigrations().Select(migration => (migration, applied.Contains(migration))).ToArray();
    }

    /// <summary>
    /// The line for a failure of the database during a run (never a password): what went wrong and what to fix, for
    /// an operator's terminal; null for anything else (a bug, which keeps its stack trace).
    /// </summary>
    public static string? DescribeFailure(Exception exception, string? configuredConnectionString)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = Where(configuredConnectionString);
        var fix = $"check ConnectionStrings:{DependencyInjection.ConnectionStringName} (the environment variable ConnectionStrings__{DependencyInjection.ConnectionStringName})";
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } refused:
                    return $"{where} refused the credentials ({refused.MessageText}): {fix}, its Username and Password.";
                case PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied:
                    return $"{where} denied a change of the schema ({denied.MessageText}): migrate as a role that owns the database and its tables.";
                case PostgresException postgres:
                    return $"{where} refused a migration: {postgres.MessageText} ({postgres.SqlState}). Nothing of the failed migration was kept; fix the cause and run migrate again.";
                case NpgsqlException or System.Net.Sockets.SocketException or TimeoutException:
                    return $"cannot reach {where} ({current.Message.TrimEnd('.')}): {fix}, its Host and Port, and that PostgreSQL runs and accepts connections from here.";
            }
        }

        return null;
    }

    // Host, port and database of the configured string, for the message; never its password.
    private static string Where(string? connectionString)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            return $"the database '{settings.Database}' at {settings.Host}:{settings.Port}";
        }
        catch (ArgumentException)
        {
            return "the database";
        }
    }

    // As MigrateAsync would; a run that loses the race to create it goes on with the other's.
    private static async Task CreateDatabaseIfMissingAsync(ExecutorsDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created by the other run meanwhile.
        }
    }

    // A database that does not exist yet has no migrations applied (MigrateAsync creates it).
    private static async Task<IEnumerable<string>> AppliedAsync(ExecutorsDbContext db, CancellationToken cancellationToken) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? await db.Database.GetAppliedMigrationsAsync(cancellationToken)
            : [];
}
