using Executors.Domain.Executors;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Base of the API tests on the standard host: one host and database per test class (<see cref="SharedApi"/>), the
/// tables emptied before each test. Tests that need a host configured otherwise build it on <see cref="Database"/>.
/// </summary>
public abstract class SharedApiTest(SharedApi shared) : IClassFixture<SharedApi>, IAsyncLifetime
{
    protected ApiFactory Api => shared.Api;

    /// <summary>This class's database (never another class's: classes may run side by side).</summary>
    protected TestDatabase Database => shared.Database;

    public virtual async ValueTask InitializeAsync() => await shared.ResetAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Stores executors through the application's own repository, as the service would.</summary>
    protected Task StoreAsync(params Executor[] executors) => Api.StoreAsync(executors);
}
