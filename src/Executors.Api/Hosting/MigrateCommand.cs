using Executors.Infrastructure.Persistence;

namespace Executors.Api.Hosting;

/// <summary>
/// <c>dotnet Executors.Api.dll migrate [--list]</c> (or <c>docker run IMAGE migrate</c>): applies the pending migrations
/// to the database the server would use — the same configuration (appsettings, <c>ASPNETCORE_ENVIRONMENT</c>'s file,
/// environment variables such as <c>ConnectionStrings__Executors</c>) and the same code as
/// <c>Database:MigrateOnStartup</c> (<see cref="DatabaseMigrator"/>) — and exits. No web host is built, so neither users
/// nor certificates need to be configured. Prints one line per applied migration, or that the database is up to date;
/// a failure is one line on standard error naming the fix, with a non-zero exit code. With <c>--list</c> it changes
/// nothing and prints each migration as applied or pending.
/// </summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    public const string UpToDate = "database is up to date";

    public const string FailurePrefix = "Executors API migrate failed: ";

    /// <summary>Exit code of a database that refused or could not be reached (sysexits' EX_UNAVAILABLE).</summary>
    public const int DatabaseFailedExitCode = 69;

    /// <summary>The configuration the server reads, from the working folder (the published app's) as the server does.</summary>
    public static WebApplicationBuilder CreateBuilder() => WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });

    /// <summary>Runs the command on <paramref name="builder"/>'s configuration and returns its exit code.</summary>
    public static async Task<int> RunAsync(WebApplicationBuilder builder, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var list = args is ["--list"];
        if (args.Count > 0 && !list)
        {
            error.WriteLine($"usage: {Name} [--list]   (the database is the server's: ConnectionStrings:Executors)");
            return 2;
        }

        // Only the persistence layer, as the server registers it; its connection string, its defaults. The output is
        // this command's lines: EF Core's own log (every statement at Information) stays out of it.
        builder.Logging.ClearProviders();
        try
        {
            Executors.Infrastructure.DependencyInjection.AddInfrastructure(builder.Services, builder.Configuration);
        }
        catch (InvalidOperationException exception)
        {
            // No connection string: the message names the setting.
            error.WriteLine(FailurePrefix + exception.Message);
            return StartupFailure.ExitCode;
        }
        catch (ArgumentException exception)
        {
            // One Npgsql cannot parse: its message names the keyword, never a value.
            error.WriteLine($"{FailurePrefix}ConnectionStrings:Executors is not a connection string Npgsql takes ({exception.Message}): fix it (the environment variable ConnectionStrings__Executors).");
            return StartupFailure.ExitCode;
        }

        await using var app = builder.Build();
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        try
        {
            if (list)
            {
                foreach (var (migration, applied) in await migrator.ListAsync(cancellationToken))
                {
                    output.WriteLine($"{(applied ? "applied" : "pending")}  {migration}");
                }

                return 0;
            }

            var done = await migrator.MigrateAsync(cancellationToken);
            foreach (var migration in done)
            {
                output.WriteLine($"applied {migration}");
            }

            if (done.Count == 0)
            {
                output.WriteLine(UpToDate);
            }

            return 0;
        }
        catch (Exception exception) when (DatabaseMigrator.DescribeFailure(exception, builder.Configuration.GetConnectionString(Executors.Infrastructure.DependencyInjection.ConnectionStringName)) is { } line)
        {
            error.WriteLine(FailurePrefix + line);
            return DatabaseFailedExitCode;
        }
    }
}
