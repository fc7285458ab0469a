using AutoMapper;
using Executors.Application.Common.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Tests.Support;

/// <summary>
/// The Infrastructure layer as the API registers it (<c>AddInfrastructure</c>), on a migrated database of one test
/// class's own: built once per class, its tables emptied before each test by <see cref="InfrastructureTest"/>.
/// </summary>
public sealed class InfrastructureOnDatabase(PostgresServer postgres) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("executors_infra_" + Guid.NewGuid().ToString("N")[..12], TestContext.Current.CancellationToken);
        _services = BuildServices(_database.ConnectionString);
    }

    /// <summary>
    /// The Infrastructure layer as the API registers it, on <paramref name="connectionString"/>, with whatever
    /// <paramref name="configure"/> adds after it (for a test that needs more than the class's own, e.g. an interceptor).
    /// </summary>
    public static ServiceProvider BuildServices(string connectionString, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = connectionString,
            })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddInfrastructure(configuration);

        // The read store maps its rows with the Application's mapper, which the API gets from AddApplication.
        var mapperConfiguration = MapperFactory.CreateConfiguration();
        services.AddSingleton<IMapper>(provider => new Mapper(mapperConfiguration, provider.GetService));
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
