using System.Diagnostics.CodeAnalysis;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Infrastructure.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// One API host for a whole test class (its collection), on a migrated database of the class's own: building a host
/// costs far more than a test, and most tests need nothing but the standard one. <see cref="ResetAsync"/> empties
/// the tables and forgets what the host remembers of them (its cache of TERMINATED records), so each test still starts
/// from nothing. A test that needs other settings or services builds its own <see cref="ApiFactory"/> on
/// <see cref="Database"/>.
/// </summary>
public sealed class SharedApi(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ResettableTerminatedExecutorCache _terminatedExecutors = new();
    private TestDatabase? _database;
    private ApiFactory? _api;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    public ApiFactory Api => _api ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("executors_api_" + Guid.NewGuid().ToString("N")[..12], TestContext.Current.CancellationToken);
        _api = new ApiFactory(_database.ConnectionString, services: services =>
            services.AddSingleton<ITerminatedExecutorCache>(provider => _terminatedExecutors.Start(provider.GetRequiredService<IOptions<CachingOptions>>().Value)));
    }

    /// <summary>Empties every table and the host's cache of the rows that were in them.</summary>
    public async Task ResetAsync()
    {
        await Database.ResetAsync();
        _terminatedExecutors.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _terminatedExecutors.Dispose();
    }

    /// <summary>The API's own cache of TERMINATED executors, emptied when the tables are.</summary>
    private sealed class ResettableTerminatedExecutorCache : ITerminatedExecutorCache, IDisposable
    {
        private CachingOptions? _options;
        private volatile TerminatedExecutorCache? _current;

        public ResettableTerminatedExecutorCache Start(CachingOptions options)
        {
            _options = options;
            Reset();
            return this;
        }

        public bool TryGet(string executorId, [NotNullWhen(true)] out ExecutorDetailResponse? executor)
        {
            if (_current is { } current)
            {
                return current.TryGet(executorId, out executor);
            }

            executor = null;
            return false;
        }

        public void Offer(ExecutorDetailResponse executor) => _current?.Offer(executor);

        public void Reset()
        {
            if (_options is null)
            {
                return;
            }

            Interlocked.Exchange(ref _current, new TerminatedExecutorCache(_options))?.Dispose();
        }

        public void Dispose() => _current?.Dispose();
    }
}
