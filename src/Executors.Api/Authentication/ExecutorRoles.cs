namespace Executors.Api.Authentication;

/// <summary>The roles users are given in configuration; each is also the name of its authorization policy.</summary>
public static class ExecutorRoles
{
    /// <summary>May read executors.</summary>
    public const string Reader = "reader";

    /// <summary>May report executor state and logs (the trading engine).</summary>
    public const string Writer = "writer";

    public static IReadOnlyList<string> All { get; } = [Reader, Writer];
}
