using Executors.Domain.Executors;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Base of tests that use the shared PostgreSQL with a fresh API host per test, each test starting from empty tables.
/// Prefer <see cref="SharedApiTest"/> (one host per class); this one remains for the classes not moved yet.
/// </summary>
public abstract class DatabaseTest : IAsyncLifetime
{
    protected DatabaseTest(PostgresServer postgres)
    {
        Postgres = postgres;
        Api = new ApiFactory(postgres.ConnectionString);
    }

    protected PostgresServer Postgres { get; }

    protected ApiFactory Api { get; }

    public virtual async ValueTask InitializeAsync() => await Postgres.ResetAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stores executors through the application's own repository, as the service would.</summary>
    protected Task StoreAsync(params Executor[] executors) => Api.StoreAsync(executors);
}
