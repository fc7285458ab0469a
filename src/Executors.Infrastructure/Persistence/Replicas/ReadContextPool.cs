using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// The second pool of <see cref="ExecutorsDbContext"/>s, on <c>ConnectionStrings:ExecutorsRead</c>. The same context
/// type (not a subclass): the two pools share one model, so the compiled queries of the GET path stay compiled for both
/// rather than being compiled again each time a request alternates between them.
/// </summary>
internal sealed class ReadContextPool
{
    private readonly PooledDbContextFactory<ExecutorsDbContext> _factory;

    public ReadContextPool(PooledDbContextFactory<ExecutorsDbContext> factory)
    {
        _factory = factory;
    }

    public ExecutorsDbContext Rent() => _factory.CreateDbContext();
}
