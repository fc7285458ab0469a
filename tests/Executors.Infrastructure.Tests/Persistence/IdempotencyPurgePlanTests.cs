using Executors.Infrastructure.Persistence.Idempotency;
using Executors.Infrastructure.Tests.Support;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>The purge finds the rows past their lifetime by their age's index, not by scanning every key kept.</summary>
public sealed class IdempotencyPurgePlanTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    [Fact]
    public async Task PurgeBatch_FindsOldRowsByTheAgeIndex()
    {
        // Arrange: sequential scans off, so the plan says whether the condition can drive the index at all.
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await off.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Act
        await using var explain = new NpgsqlCommand("EXPLAIN " + IdempotentRequestPurger.PurgeSql.Replace("@cutoff", "now()", StringComparison.Ordinal).Replace("@batch", "1000", StringComparison.Ordinal), connection, transaction);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
        }

        // Assert
        var text = string.Join('\n', plan);
        Assert.Contains("ix_idempotent_requests_created_at", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on idempotent_requests", text, StringComparison.Ordinal);
    }
}
