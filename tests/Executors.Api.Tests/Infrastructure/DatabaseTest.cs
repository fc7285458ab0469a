using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>Base of tests that use the shared PostgreSQL: each test starts from empty tables and a fresh API host.</summary>
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
    protected async Task StoreAsync(params Executor[] executors)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IExecutorRepository>();
        foreach (var executor in executors)
        {
            await repository.AddAsync(executor, TestContext.Current.CancellationToken);
        }
    }
}
