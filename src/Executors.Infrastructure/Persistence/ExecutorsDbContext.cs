using System.Text.Json;
using Executors.Domain.Executors;
using Executors.Domain.Positions;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// The executor store on PostgreSQL. Schema changes are migrations, committed under <c>Persistence/Migrations</c>:
/// <code>dotnet ef migrations add NAME --project src/Executors.Infrastructure --output-dir Persistence/Migrations</code>
/// (the design-time factory beside this class supplies the options; no database is needed to add one).
/// </summary>
public sealed class ExecutorsDbContext : DbContext
{
    public ExecutorsDbContext(DbContextOptions<ExecutorsDbContext> options)
        : base(options)
    {
    }

    public DbSet<Executor> Executors => Set<Executor>();

    public DbSet<ExecutorLogEntry> ExecutorLogs => Set<ExecutorLogEntry>();

    public DbSet<PositionHold> PositionHolds => Set<PositionHold>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExecutorsDbContext).Assembly);

        // PostgreSQL folds unquoted names to lower case: snake_case everywhere keeps psql sessions free of quotes.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }

            // A complex type's columns are named as its members, without the complex property's prefix: the executor's
            // state fields are the executor's own columns.
            foreach (var complex in entity.GetComplexProperties())
            {
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    property.SetColumnName(ToSnakeCase(property.Name));
                }
            }
        }
    }

    /// <summary>
    /// Saves, raising the <see cref="Executor.Version"/> of every executor whose row changes by one: the version counts
    /// the record's own changes (its ETag), and as the concurrency token it makes the UPDATE fail if another writer
    /// changed the row since it was read.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries<Executor>())
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property(executor => executor.Version);
                version.CurrentValue = version.OriginalValue + 1;
            }
        }

        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Save asynchronously (SaveChangesAsync): it is the one path that versions executors.");

    /// <summary>A column or index name part in PostgreSQL's spelling: <c>NetPnlQuote</c> → <c>net_pnl_quote</c>.</summary>
    internal static string ToSnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
