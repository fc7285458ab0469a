using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Tests.Support;

/// <summary>Base of the tests on the class's database: each test starts from empty tables.</summary>
public abstract class InfrastructureTest(InfrastructureOnDatabase infrastructure) : IClassFixture<InfrastructureOnDatabase>, IAsyncLifetime
{
    protected TestDatabase Database => infrastructure.Database;

    protected IServiceProvider Services => infrastructure.Services;

    public virtual async ValueTask InitializeAsync() => await Database.ResetAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Stores executors through the Infrastructure's own repository, as the service would.</summary>
    protected async Task StoreAsync(params Executor[] executors)
    {
        await using var scope = Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IExecutorRepository>();
        foreach (var executor in executors)
        {
            await repository.AddAsync(executor, TestContext.Current.CancellationToken);
        }
    }
}
