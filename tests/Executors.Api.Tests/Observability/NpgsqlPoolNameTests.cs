using System.Diagnostics.Metrics;
using System.Net;
using Executors.Api.Tests.Infrastructure;
using Npgsql;

namespace Executors.Api.Tests.Observability;

/// <summary>
/// Npgsql labels its connection-pool instruments with the pool's name, which by default comes from the connection
/// string: an exported label must never carry the database password (Prometheus and OTLP keep labels in the clear).
/// Npgsql 10 names a pool by its connection string without the password (even with Persist Security Info=true); this
/// holds it to that, should a version or a data-source setting of ours ever change it.
/// </summary>
public sealed class NpgsqlPoolNameTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // an operator's string may keep the password in the connection's own string
    public async Task PoolInstruments_ConnectionStringWithAPassword_LabelTheirPoolWithoutIt(bool persistSecurityInfo)
    {
        // Arrange: a database and a login role of this test's own, with a password nobody else uses (real for a server
        // that checks passwords, as in a container; a local cluster that trusts loopback ignores it).
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var database = await postgres.CreateDatabaseAsync("executors_poolname_" + suffix, ct);
        var role = "poolname_" + suffix;
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}'", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Username = role,
            Password = password,
            PersistSecurityInfo = persistSecurityInfo,
        }.ConnectionString;
        var databaseName = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await using var api = new ApiFactory(connectionString);
        using var reader = api.CreateReaderClient();
        using var response = await reader.GetAsync("/executors/NoSuchExecutor", ct);

        // Act: Npgsql's own meter, read directly (an SDK provider hears every host of this process by meter name).
        var tags = new List<(string Instrument, string Key, string Value)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Npgsql")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((instrument, _, measured, _) => Collect(instrument, measured));
            listener.SetMeasurementEventCallback<long>((instrument, _, measured, _) => Collect(instrument, measured));
            listener.SetMeasurementEventCallback<double>((instrument, _, measured, _) => Collect(instrument, measured));
            listener.Start();
            listener.RecordObservableInstruments();
        }

        void Collect(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> measured)
        {
            foreach (var tag in measured)
            {
                lock (tags)
                {
                    tags.Add((instrument.Name, tag.Key, tag.Value?.ToString() ?? string.Empty));
                }
            }
        }

        // Assert: this host's pool is measured (found by its database), and no label anywhere holds the password.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var ours = tags.Where(tag => tag.Key.Contains("pool.name", StringComparison.Ordinal) && tag.Value.Contains(databaseName, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(ours);
        Assert.DoesNotContain(tags, tag => tag.Value.Contains(password, StringComparison.Ordinal));
        Assert.All(ours, tag => Assert.DoesNotContain("Password", tag.Value, StringComparison.OrdinalIgnoreCase));
    }
}
