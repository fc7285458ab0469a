using Executors.Infrastructure.Persistence.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.Infrastructure.Persistence;

/// <summary>Start-up work on the database, each part only when configured: migrations, then demo data.</summary>
public sealed partial class DatabaseInitializer
{
    private readonly IServiceScopeFactory _scopes;
    private readonly DatabaseMigrator _migrator;
    private readonly IOptions<DatabaseOptions> _options;
    private readonly ILogger<DatabaseInitializer> _logger;

    public DatabaseInitializer(IServiceScopeFactory scopes, DatabaseMigrator migrator, IOptions<DatabaseOptions> options, ILogger<DatabaseInitializer> logger)
    {
        _scopes = scopes;
        _migrator = migrator;
        _options = options;
        _logger = logger;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (!options.MigrateOnStartup && !options.SeedDemoData)
        {
            return;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();

        if (options.MigrateOnStartup)
        {
            var applied = await _migrator.MigrateAsync(cancellationToken);
            LogMigrated(applied.Count, applied);
        }

        if (options.SeedDemoData)
        {
            var added = await DemoData.SeedAsync(db, cancellationToken);
            LogSeeded(added);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied {MigrationCount} migration(s): {Migrations}")]
    private partial void LogMigrated(int migrationCount, IReadOnlyList<string> migrations);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Demo data: {AddedCount} executor(s) added")]
    private partial void LogSeeded(int addedCount);
}
