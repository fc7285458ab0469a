using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Executors";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No connection string: set ConnectionStrings:{ConnectionStringName} (e.g. the environment variable " +
                $"ConnectionStrings__{ConnectionStringName}).");
        }

        // Pooled contexts: the read path rents a ready context instead of building one per request.
        services.AddDbContextPool<ExecutorsDbContext>(options => options
            .UseNpgsql(connectionString)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));

        services.AddScoped<IExecutorRepository, ExecutorRepository>();

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName));
        services.AddSingleton<DatabaseInitializer>();

        return services;
    }
}
