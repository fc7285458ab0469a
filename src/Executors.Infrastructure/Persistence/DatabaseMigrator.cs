using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Applies the pending migrations to the configured database: the one code path of both <c>Database:MigrateOnStartup</c>
/// (<see cref="DatabaseInitializer"/>) and the API's <c>migrate</c> command. EF Core takes a lock on the migration
/// history table for the whole run, so two runs at once (two replicas starting, a job and a start) apply each
/// migration once; the second waits, then finds nothing left to do.
/// </summary>
public sealed class DatabaseMigrator
{
    /// <summary>
    /// The command timeout while migrating, instead of the service's 10 s per query: a migration may rewrite a large
    /// table, and a second run waits for the first one's lock for as long as that takes.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    private readonly IServiceScopeFactory _scopes;

    public DatabaseMigrator(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
    }

    /// <summary>
    /// Applies every pending migration and returns the ones the database lacked when the call began (none when it was
    /// up to date). With another run at once, both may list a migration that only one of them applied.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        db.Database.SetCommandTimeout(CommandTimeout);

        var before = (await AppliedAsync(db, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        await db.Database.MigrateAsync(cancellationToken);
        var after = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        return after.Where(migration => !before.Contains(migration)).ToArray();
    }

    /// <summary>The migrations of this version, each with whether the database has it.</summary>
    public async Task<IReadOnlyList<(string Migration, bool Applied)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        var applied = (await AppliedAsync(db, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return db.Database.GetMigrations().Select(migration => (migration, applied.Contains(migration))).ToArray();
    }

    // A database that does not exist yet has no migrations applied (MigrateAsync creates it).
    private static async Task<IEnumerable<string>> AppliedAsync(ExecutorsDbContext db, CancellationToken cancellationToken) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? await db.Database.GetAppliedMigrationsAsync(cancellationToken)
            : [];
}
