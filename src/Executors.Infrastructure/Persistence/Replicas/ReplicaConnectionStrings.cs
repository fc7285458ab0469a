using Npgsql;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// The primary's and the standbys' connection strings: <see cref="DatabaseConnectionString.WithDefaults"/>, and a
/// target where the operator named several hosts without one.
/// </summary>
internal static class ReplicaConnectionStrings
{
    public const string ReadConnectionStringName = "ExecutorsRead";

    /// <summary>
    /// <c>ConnectionStrings:Executors</c>: writes, transactions, leases, migrations, advisory locks and the change feed's
    /// LISTEN all need the primary, so a string that names several hosts (the candidates after a failover) targets it.
    /// </summary>
    public static string Primary(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseConnectionString.WithDefaults(configured));
        var set = new HashSet<string>(builder.Keys, StringComparer.OrdinalIgnoreCase);
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true && !set.Contains("Target Session Attributes"))
        {
            builder.TargetSessionAttributes = "primary";
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// <c>ConnectionStrings:ExecutorsRead</c>: a standby where one answers (<c>prefer-standby</c>, else the primary),
    /// connections spread over the standbys (<c>Load Balance Hosts</c>), unless the operator says otherwise.
    /// </summary>
    public static string Read(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseConnectionString.WithDefaults(configured));
        var set = new HashSet<string>(builder.Keys, StringComparer.OrdinalIgnoreCase);
        if (!set.Contains("Target Session Attributes"))
        {
            builder.TargetSessionAttributes = "prefer-standby";
        }

        if (!set.Contains("Load Balance Hosts"))
        {
            builder.LoadBalanceHosts = true;
        }

        return builder.ConnectionString;
    }
}
