using System.Text;
using Executors.Domain.Executors;
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExecutorsDbContext).Assembly);

        // PostgreSQL folds unquoted names to lower case: snake_case everywhere keeps psql sessions free of quotes.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                // System columns (xmin, the row version) keep their own names.
                if (property.GetColumnName() is not ("xmin" or "ctid"))
                {
                    property.SetColumnName(ToSnakeCase(property.Name));
                }
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
