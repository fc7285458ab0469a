using Executors.Api.Authentication;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// The users every test host knows (indexes 0–3; a test adding a user uses index 4). Hashes use few iterations so that a
/// cold check stays cheap in tests: ApiFactory gives its hosts a <see cref="PasswordPolicy"/> that allows them.
/// </summary>
internal static class TestUsers
{
    public const int Iterations = 1_000;

    public const string Reader = "reader";
    public const string ReaderPassword = "reader-password";

    /// <summary>RFC 7617: the password may contain ':' and both parts are UTF-8.</summary>
    public const string Unicode = "jürgen";
    public const string UnicodePassword = "pä:ss:wörd €";

    /// <summary>May read and write (the trading engine's role).</summary>
    public const string Writer = "writer";
    public const string WriterPassword = "writer-password";

    /// <summary>Reads and writes, but only the executors of <see cref="AliceAccounts"/>.</summary>
    public const string Alice = "alice";
    public const string AlicePassword = "alice-password";

    public static IReadOnlyList<string> AliceAccounts { get; } = ["alice_main", "alice_hedge"];

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Authentication:Users:0:UserName"] = Reader,
        ["Authentication:Users:0:PasswordHash"] = PasswordHash.Create(ReaderPassword, Iterations),
        ["Authentication:Users:0:Roles:0"] = "reader",
        ["Authentication:Users:0:Accounts:0"] = "*",
        ["Authentication:Users:1:UserName"] = Unicode,
        ["Authentication:Users:1:PasswordHash"] = PasswordHash.Create(UnicodePassword, Iterations),
        ["Authentication:Users:1:Accounts:0"] = "*",
        ["Authentication:Users:2:UserName"] = Writer,
        ["Authentication:Users:2:PasswordHash"] = PasswordHash.Create(WriterPassword, Iterations),
        ["Authentication:Users:2:Roles:0"] = "reader",
        ["Authentication:Users:2:Roles:1"] = "writer",
        ["Authentication:Users:2:Accounts:0"] = "*",
        ["Authentication:Users:3:UserName"] = Alice,
        ["Authentication:Users:3:PasswordHash"] = PasswordHash.Create(AlicePassword, Iterations),
        ["Authentication:Users:3:Roles:0"] = "reader",
        ["Authentication:Users:3:Roles:1"] = "writer",
        ["Authentication:Users:3:Accounts:0"] = AliceAccounts[0],
        ["Authentication:Users:3:Accounts:1"] = AliceAccounts[1],
    };

    private static readonly Lazy<IReadOnlyDictionary<string, string>> ProductionStrength = new(() =>
        Settings.ToDictionary(
            setting => setting.Key,
            setting => setting.Key.EndsWith(":PasswordHash", StringComparison.Ordinal)
                ? PasswordHash.Create(PasswordOf(setting.Key), PasswordPolicy.OwaspMinimumIterations)
                : setting.Value));

    /// <summary>
    /// The same users with hashes of production strength (600,000 iterations), made once when first asked for: for the
    /// API run as a separate process, which has the real <see cref="PasswordPolicy"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProductionStrengthSettings => ProductionStrength.Value;

    public static string BasicHeader(string userName, string password) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{userName}:{password}"));

    private static string PasswordOf(string hashKey)
    {
        var userName = Settings[hashKey[..^"PasswordHash".Length] + "UserName"];
        return userName switch
        {
            Reader => ReaderPassword,
            Unicode => UnicodePassword,
            Writer => WriterPassword,
            Alice => AlicePassword,
            _ => throw new InvalidOperationException($"No password known for '{userName}'."),
        };
    }
}
