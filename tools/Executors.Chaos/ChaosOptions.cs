namespace Executors.Chaos;

/// <summary>What a chaos run does and how long; every number bounded (see <see cref="Validate"/>).</summary>
public sealed record ChaosOptions
{
    /// <summary>The API, on loopback (plain HTTP).</summary>
    public required Uri Api { get; init; }

    /// <summary>The password of every chaos user (<see cref="ChaosUsers"/>); each user has its own hash in the API.</summary>
    public required string Password { get; init; }

    /// <summary>The quiet phase first: the signed-in user's reads alone, and the side-channel searches.</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Everything at once.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Source addresses of each wrong-password burst (new ones each burst: 127.0.B.2 …).</summary>
    public int AttackAddresses { get; init; } = 20;

    public int GuessesPerAddress { get; init; } = 12;

    public TimeSpan BurstEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent writers (state reports and log appends) sharing <see cref="RaceExecutors"/> executors.</summary>
    public int Writers { get; init; } = 8;

    public int RaceExecutors { get; init; } = 4;

    /// <summary>Clients sending a valid user's credentials re-spelt (scheme case, spaces), paced.</summary>
    public int RespeltClients { get; init; } = 16;

    /// <summary>Executors of an account the restricted reader cannot see (the side-channel measurement).</summary>
    public int ForeignExecutors { get; init; } = 2000;

    /// <summary>The signed-in user reads one executor every this often (well under its request allowance).</summary>
    public TimeSpan GoodUserInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The run fails when the signed-in user's p99 during the chaos is above this.</summary>
    public double P99BoundMilliseconds { get; init; } = 250;

    /// <summary>Every request gives up after this (a stalled answer counts as a failure, not a hang).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (!Api.IsLoopback)
        {
            throw new ArgumentException($"The API must be on loopback; {Api} is not.");
        }

        Check(Baseline > TimeSpan.Zero && Baseline <= TimeSpan.FromMinutes(10), "baseline must be 1 s to 10 min");
        Check(Duration > TimeSpan.Zero && Duration <= TimeSpan.FromMinutes(30), "duration must be 1 s to 30 min");
        Check(AttackAddresses is >= 1 and <= 250, "attack addresses must be 1-250");
        Check(GuessesPerAddress is >= 1 and <= 100, "guesses per address must be 1-100");
        Check(Writers is >= 1 and <= 64 && RaceExecutors is >= 1 and <= 64, "writers and race executors must be 1-64");
        Check(RespeltClients is >= 0 and <= 256, "re-spelt clients must be 0-256");
        Check(ForeignExecutors is >= 1 and <= 100_000, "foreign executors must be 1-100000");
        Check(!string.IsNullOrEmpty(Password), "a password is needed");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>The users a chaos run signs in as; the API must know them (scripts/chaos.sh configures them).</summary>
public static class ChaosUsers
{
    /// <summary>The signed-in user whose reads are measured; also the name the attackers guess passwords for.</summary>
    public const string Desk = "chaos-desk";

    /// <summary>The trading engine: writer of every account.</summary>
    public const string Engine = "chaos-engine";

    /// <summary>A reader looping 1,000-row searches.</summary>
    public const string Analyst = "chaos-analyst";

    /// <summary>A reader that re-spells its own (valid) Authorization header on every request.</summary>
    public const string Respeller = "chaos-respeller";

    /// <summary>A reader of <see cref="OwnAccount"/> only.</summary>
    public const string Restricted = "chaos-restricted";

    public const string OwnAccount = "chaos_own";
    public const string ForeignAccount = "chaos_foreign";
    public const string RaceAccount = "chaos_race";

    /// <summary>Every user: name, roles, accounts.</summary>
    public static IReadOnlyList<(string Name, string[] Roles, string[] Accounts)> All { get; } =
    [
        (Desk, ["reader"], ["*"]),
        (Engine, ["reader", "writer"], ["*"]),
        (Analyst, ["reader"], ["*"]),
        (Respeller, ["reader"], ["*"]),
        (Restricted, ["reader"], [OwnAccount]),
    ];
}
