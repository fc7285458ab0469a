using Npgsql;

namespace Executors.Testing.Postgres;

/// <summary>
/// A database with nothing in it (no migrations, unlike <see cref="PostgresServer.CreateDatabaseAsync"/>'s copies), on
/// the run's server, for what production starts from: a plain <c>CREATE DATABASE</c>.
/// </summary>
public static class EmptyDatabase
{
    public static async Task<string> CreateAsync(PostgresServer postgres, string prefix, CancellationToken cancellationToken)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// What a schema consists of, as comparable lines: every column (type, nullability, default), index, constraint,
    /// trigger and function of the public schema (a body's text up to its whitespace: the idempotent script indents it), and
    /// the migration history.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DescribeAsync(string connectionString, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') || ' ' || COALESCE(generation_expression, '')
                FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
            UNION ALL SELECT 'function ' || p.proname || ' ' || md5(btrim(regexp_replace(p.prosrc, '\s+', ' ', 'g'))) FROM pg_proc AS p WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL SELECT 'migration ' || "MigrationId" || ' ' || "ProductVersion" FROM "__EFMigrationsHistory"
            """;
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
