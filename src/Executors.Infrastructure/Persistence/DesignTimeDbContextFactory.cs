using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting the API. Adding a migration needs no server; applying
/// one from the command line reads <c>EXECUTORS_CONNECTION_STRING</c>.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ExecutorsDbContext>
{
    public ExecutorsDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("EXECUTORS_CONNECTION_STRING")
            ?? "Host=127.0.0.1;Port=5433;Database=executors;Username=postgres";
        var options = new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(connectionString).Options;
        return new ExecutorsDbContext(options);
    }
}
