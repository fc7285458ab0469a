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
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = _database.ConnectionString,
            })
            .Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddInfrastructure(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
