namespace Executors.ClusterDrill;

/// <summary>What the drill's load is: users (each a reader and a writer loop), their executors, and its bounds.</summary>
internal sealed record DrillOptions
{
    /// <summary>The load balancer (plain HTTP on loopback).</summary>
    public required Uri Api { get; init; }

    /// <summary>The password of every drill user (<c>drill-1</c> … <c>drill-N</c>, readers and writers of every account).</summary>
    public required string Password { get; init; }

    /// <summary>
    /// Users, each with one reader and one writer loop. Several, because the balancer places each user on one process by
    /// its Authorization header: with several users both processes carry load.
    /// </summary>
    public int Users { get; init; } = 6;

    public int ExecutorsPerUser { get; init; } = 3;

    /// <summary>Each loop's pause between requests: a steady stream well under each user's request allowance.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The load stops when this file exists.</summary>
    public required string UntilFile { get; init; }

    /// <summary>…or after this long, whatever happens.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// One request's patience (a request that takes longer counts as failed): a client's usual patience, well below
    /// HttpClient's 100 s default. A slow answer still shows, in the report's "Slowest answer" column.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The account every drill executor belongs to.</summary>
    public const string Account = "cluster_drill";

    public static string UserName(int user) => $"drill-{user + 1}";
}

/// <summary>The drill could not start (the API never accepted its set-up writes).</summary>
internal sealed class DrillSetupException(string message) : Exception(message);
