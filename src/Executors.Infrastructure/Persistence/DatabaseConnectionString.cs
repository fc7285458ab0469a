using Npgsql;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// The connection string the service really uses: the configured one, with deliberate timeouts and pool settings
/// wherever the operator did not set them (what is set always wins). The reasoning is in
/// <c>docs/adr/0009-database-outages.md</c>.
/// </summary>
internal static class DatabaseConnectionString
{
    /// <summary>
    /// Seconds to get a connection: opening a new one, or waiting for a free one in the pool. A refused connection fails
    /// at once anyway; this bounds an unreachable host (packets dropped) so that the answer is a 503 within ~2 s.
    /// </summary>
    public const int ConnectTimeoutSeconds = 2;

    /// <summary>Seconds a single command may run. Every query here takes milliseconds; this only stops a hung server.</summary>
    public const int CommandTimeoutSeconds = 10;

    /// <summary>Milliseconds to wait for the server to confirm a cancelled command before the connection is dropped.</summary>
    public const int CancellationTimeoutMilliseconds = 1000;

    /// <summary>TCP keepalive: the first probe after this many idle seconds, then one every interval.</summary>
    public const int TcpKeepAliveTimeSeconds = 30;

    public const int TcpKeepAliveIntervalSeconds = 10;

    /// <summary>Physical connections per process: ample for the request concurrency, half of PostgreSQL's default 100.</summary>
    public const int MaxPoolSize = 50;

    /// <summary>
    /// Statements Npgsql prepares on its own once used a few times (the GET lookup, search pages, counts): PostgreSQL
    /// then skips parsing and planning them — the cheapest large win on the read path (see docs/performance.md).
    /// </summary>
    public const int MaxAutoPrepare = 32;

    public static string WithDefaults(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);

        // Keys lists only what the string sets, in canonical form (synonyms such as "CommandTimeout" included);
        // ContainsKey would answer true for every keyword Npgsql knows.
        var set = new HashSet<string>(builder.Keys, StringComparer.OrdinalIgnoreCase);
        if (!set.Contains("Timeout"))
        {
            builder.Timeout = ConnectTimeoutSeconds;
        }

        if (!set.Contains("Command Timeout"))
        {
            builder.CommandTimeout = CommandTimeoutSeconds;
        }

        if (!set.Contains("Cancellation Timeout"))
        {
            builder.CancellationTimeout = CancellationTimeoutMilliseconds;
        }

        if (!set.Contains("Tcp Keepalive Time") && !set.Contains("Tcp Keepalive"))
        {
            builder.TcpKeepAliveTime = TcpKeepAliveTimeSeconds;
            if (!set.Contains("Tcp Keepalive Interval"))
            {
                builder.TcpKeepAliveInterval = TcpKeepAliveIntervalSeconds;
            }
        }

        if (!set.Contains("Maximum Pool Size"))
        {
            builder.MaxPoolSize = MaxPoolSize;
        }

        if (!set.Contains("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        // Connections go back to the pool after every query (pooled DbContexts open and close per command). The
        // reset Npgsql would run on the next use (DISCARD ALL, or its prepared-statement-keeping variant) clears
        // session state this service never sets; skipping it saves the server that work on every request.
        if (!set.Contains("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        // No ambient System.Transactions here: don't look for one on every open.
        if (!set.Contains("Enlist"))
        {
            builder.Enlist = false;
        }

        return builder.ConnectionString;
    }
}
