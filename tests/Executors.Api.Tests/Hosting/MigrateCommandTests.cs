using System.Diagnostics;
using Executors.Api.Hosting;
using Executors.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Executors.Api.Tests.Hosting;

/// <summary>
/// <c>dotnet Executors.Api.dll migrate</c>: the production way to apply migrations, with the server's configuration but
/// without its host (no users, no certificate), one line per migration, one line on a failure.
/// </summary>
public sealed class MigrateCommandTests(PostgresServer postgres)
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Migrate_EmptyDatabaseInProductionWithoutUsers_AppliesEveryMigrationOnePerLine_ThenIsUpToDate()
    {
        // Arrange: Production, the app's own appsettings, no users and no certificate: the server would refuse to start.
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await EmptyDatabase.CreateAsync(postgres, "executors_migrate_cmd", ct);

        // Act
        var (firstCode, firstOutput, firstError) = await RunInProcessAsync(connectionString, []);
        var (listCode, listOutput, _) = await RunInProcessAsync(connectionString, ["--list"]);
        var (secondCode, secondOutput, secondError) = await RunInProcessAsync(connectionString, []);

        // Assert
        await using var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(connectionString).Options);
        var migrations = db.Database.GetMigrations().ToArray();
        Assert.Equal(0, firstCode);
        Assert.Equal(string.Empty, firstError);
        Assert.Equal(migrations.Select(migration => "applied " + migration), Lines(firstOutput));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(0, listCode);
        Assert.Equal(migrations.Select(migration => "applied  " + migration), Lines(listOutput));
        Assert.Equal(0, secondCode);
        Assert.Equal(string.Empty, secondError);
        Assert.Equal([MigrateCommand.UpToDate], Lines(secondOutput));
    }

    [Fact]
    public async Task MigrateList_EmptyDatabase_ListsEveryMigrationAsPendingAndChangesNothing()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await EmptyDatabase.CreateAsync(postgres, "executors_migrate_list", ct);

        // Act
        var (exitCode, output, _) = await RunInProcessAsync(connectionString, ["--list"]);

        // Assert
        await using var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(connectionString).Options);
        Assert.Equal(0, exitCode);
        Assert.Equal(db.Database.GetMigrations().Select(migration => "pending  " + migration), Lines(output));
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync(ct));
    }

    [Fact]
    public async Task Migrate_NoConnectionString_OneLineNamingTheSetting()
    {
        // Act: the app's appsettings.json has one; an empty value (as an empty environment variable) removes it.
        var (exitCode, output, error) = await RunInProcessAsync(string.Empty, []);

        // Assert
        Assert.Equal(StartupFailure.ExitCode, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(MigrateCommand.FailurePrefix, line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Executors", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_ConnectionStringNpgsqlCannotParse_OneLineNamingTheSetting()
    {
        // Act
        var (exitCode, output, error) = await RunInProcessAsync("Host=127.0.0.1;Colour=blue;Password=not-to-be-printed", []);

        // Assert
        Assert.Equal(StartupFailure.ExitCode, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(MigrateCommand.FailurePrefix + "ConnectionStrings:Executors is not a connection string", line, StringComparison.Ordinal);
        Assert.Contains("colour", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not-to-be-printed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_UnknownArgument_Usage()
    {
        // Act
        var (exitCode, _, error) = await RunInProcessAsync(postgres.ConnectionString, ["--force"]);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage: migrate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateProcess_EmptyDatabase_AppliesEveryMigration()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await EmptyDatabase.CreateAsync(postgres, "executors_migrate_proc", ct);

        // Act: as an operator runs the published app (a container: docker run IMAGE migrate).
        var (exitCode, output, error) = await RunProcessAsync(connectionString);

        // Assert
        await using var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(connectionString).Options);
        Assert.True(exitCode == 0, error);
        Assert.Equal(db.Database.GetMigrations().Select(migration => "applied " + migration), Lines(output));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }

    [Fact]
    public async Task MigrateProcess_UnreachableDatabase_NonZeroWithOneLineAndNoStackTrace()
    {
        // Arrange: a port nobody listens on, and a password that must not be echoed.
        var unreachable = $"Host=127.0.0.1;Port={LocalPostgresCluster.FreePort()};Database=executors;Username=executors;Password=not-to-be-printed;Timeout=2";

        // Act
        var (exitCode, output, error) = await RunProcessAsync(unreachable);

        // Assert
        Assert.Equal(MigrateCommand.DatabaseFailedExitCode, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(MigrateCommand.FailurePrefix + "cannot reach the database 'executors' at 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Executors", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-printed", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Replace(" at 127.0.0.1", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>
    /// What the server answers when it refuses: the test server trusts local connections (no password is checked), so
    /// the refusals are PostgreSQL's own errors, as Npgsql raises them.
    /// </summary>
    [Theory]
    [InlineData(PostgresErrorCodes.InvalidPassword, "password authentication failed for user \"executors\"", "refused the credentials", "Username and Password")]
    [InlineData(PostgresErrorCodes.InvalidAuthorizationSpecification, "no pg_hba.conf entry for host", "refused the credentials", "ConnectionStrings__Executors")]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege, "must be owner of table executors", "denied a change of the schema", "owns the database")]
    [InlineData(PostgresErrorCodes.DuplicateColumn, "column \"x\" already exists", "refused a migration", "run migrate again")]
    public void Describe_ServerRefusal_OneLineNamingTheFixWithoutThePassword(string sqlState, string message, string expected, string fix)
    {
        // Arrange
        const string Configured = "Host=db.internal;Port=5433;Database=executors;Username=executors;Password=not-to-be-printed";
        var refusal = new InvalidOperationException("wrapped", new PostgresException(message, "FATAL", "FATAL", sqlState));

        // Act
        var line = DatabaseMigrator.DescribeFailure(refusal, Configured);

        // Assert
        Assert.NotNull(line);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("the database 'executors' at db.internal:5433", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains(fix, line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-printed", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NotADatabaseFailure_NullSoItKeepsItsStackTrace()
    {
        // Act
        var line = DatabaseMigrator.DescribeFailure(new InvalidOperationException("a bug", new ArgumentException("x")), null);

        // Assert
        Assert.Null(line);
    }

    /// <summary>The command on the app's configuration (its appsettings, Production), with the connection string set over it.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunInProcessAsync(string connectionString, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Executors"] = connectionString });
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MigrateCommand.RunAsync(builder, args, output, error, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary><c>dotnet Executors.Api.dll migrate</c> in the build output, Production, configured by the environment only.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Executors.Api.dll"));
        start.ArgumentList.Add(MigrateCommand.Name);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Executors"] = connectionString;

        return await BoundedProcess.RunAsync(start, ExitBound, null, TestContext.Current.CancellationToken);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
