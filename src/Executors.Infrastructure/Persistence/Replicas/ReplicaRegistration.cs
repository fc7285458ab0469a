using Executors.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Persistence.Replicas;

internal static class ReplicaRegistration
{
    /// <summary>
    /// Reads from standbys when <c>ConnectionStrings:ExecutorsRead</c> is set (a second context pool on it), with
    /// read-your-writes by WAL position; without it every read uses the primary's pool exactly as before.
    /// </summary>
    public static IServiceCollection AddReadReplicas(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<DbContextOptionsBuilder, string> configureContext)
    {
        var configured = configuration.GetConnectionString(ReplicaConnectionStrings.ReadConnectionStringName);
        var readString = string.IsNullOrWhiteSpace(configured) ? null : ReplicaConnectionStrings.Read(configured);
        services.AddSingleton(provider =>
        {
            if (readString is null)
            {
                return new ReplicaReads(null);
            }

            // As AddDbContextPool builds the primary's options: on the application's services (logging, caches).
            var options = new DbContextOptionsBuilder<ExecutorsDbContext>().UseApplicationServiceProvider(provider);
            configureContext(options, readString);
            return new ReplicaReads(new ReadContextPool(new PooledDbContextFactory<ExecutorsDbContext>(options.Options)));
        });
        services.AddOptions<ReplicaOptions>()
            .BindConfiguration(ReplicaOptions.SectionName)
            .Validate(options => options.ReplicaWait >= TimeSpan.Zero && options.ReplicaWait <= TimeSpan.FromSeconds(10), $"{ReplicaOptions.SectionName}:ReplicaWait must be between 0 and 10 seconds.")
            .Validate(options => options.ReadYourWritesUsers is >= 1 and <= 10_000_000, $"{ReplicaOptions.SectionName}:ReadYourWritesUsers must be between 1 and 10000000.")
            .ValidateOnStart();
        services.AddSingleton<UserWritePositions>();
        services.AddSingleton<StandbyProgress>();
        services.AddSingleton<ReplicaReadMetrics>();
        services.AddScoped<ReadConsistency>();
        services.AddScoped<Application.Common.Persistence.IReadConsistency>(provider => provider.GetRequiredService<ReadConsistency>());
        services.AddScoped<WritePositions>();
        services.AddScoped<ReadDatabase>();
        return services;
    }
}
