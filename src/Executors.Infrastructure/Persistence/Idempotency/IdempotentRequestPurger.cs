using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Executors.Infrastructure.Persistence.Idempotency;

/// <summary>
/// Deletes the <c>idempotent_requests</c> rows older than their lifetime (<see cref="IdempotentRequests.Lifetime"/>)
/// every <see cref="IdempotencyOptions.PurgeInterval"/>, in batches of <see cref="IdempotencyOptions.PurgeBatchSize"/>.
/// A key past its lifetime is already treated as new by a create; the purge only keeps the table to a day of keys.
/// Rows a create is taking over at that moment are locked by it and skipped (<c>SKIP LOCKED</c>); the age is checked
/// again on the row the delete locks, so a key renewed meanwhile is kept. A failed pass (database away) is logged and
/// the next interval tries again.
/// </summary>
internal sealed partial class IdempotentRequestPurger : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<IdempotencyOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<IdempotentRequestPurger> _logger;

    public IdempotentRequestPurger(IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotentRequestPurger> logger)
    {
        _scopes = scopes;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// One batch: up to <c>@batch</c> rows older than <c>@cutoff</c>, found by <c>ix_idempotent_requests_created_at</c>,
    /// passing by rows a create is taking over (locked), and checked again for age under the lock.
    /// </summary>
    internal const string PurgeSql = """
        DELETE FROM idempotent_requests
        WHERE id IN (
            SELECT id FROM idempotent_requests WHERE created_at < @cutoff
            LIMIT @batch FOR UPDATE SKIP LOCKED)
          AND created_at < @cutoff
        """;

    /// <summary>One purge: deletes every row past its lifetime, a batch at a time; returns how many went.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var batchSize = _options.Value.PurgeBatchSize;
        var cutoff = _clock.GetUtcNow() - IdempotentRequests.Lifetime;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        var total = 0;
        while (true)
        {
            var deleted = await db.Database.ExecuteSqlRawAsync(
                PurgeSql,
                [new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff), new NpgsqlParameter<int>("batch", batchSize)],
                cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.PurgeInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var purged = await PurgeAsync(stoppingToken).ConfigureAwait(false);
                    if (purged > 0)
                    {
                        LogPurged(purged);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogPurgeFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Purged {Count} Idempotency-Key answer(s) older than 24 hours")]
    private partial void LogPurged(int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The purge of expired Idempotency-Key answers failed; retrying at the next interval")]
    private partial void LogPurgeFailed(Exception exception);
}
