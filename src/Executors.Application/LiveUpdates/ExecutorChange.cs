namespace Executors.Application.LiveUpdates;

/// <summary>What a committed write changed, as every API process hears it (PostgreSQL NOTIFY, ADR 16).</summary>
public enum ExecutorChangeKind
{
    /// <summary>An executor's row was inserted or updated: its record, status, stop request.</summary>
    Executor,

    /// <summary>Log entries were added to an executor.</summary>
    Logs,

    /// <summary>An account's position holds changed.</summary>
    Positions,

    /// <summary>An executor's lease was taken, renewed or released.</summary>
    Lease,

    /// <summary>
    /// Changes may have been missed (the listening connection was lost and re-made): every subscriber should read its
    /// state again. <see cref="ExecutorChange.ExecutorId"/> and <see cref="ExecutorChange.AccountName"/> are null.
    /// </summary>
    Resync,
}

/// <summary>
/// One committed change. <see cref="AccountName"/> is the executor's (or the position hold's) account, so a subscriber
/// outside that account never even looks; <see cref="ExecutorId"/> is null for <see cref="ExecutorChangeKind.Positions"/>
/// and <see cref="ExecutorChangeKind.Resync"/>. <see cref="Sequence"/> numbers the changes this process has heard, in
/// the order it heard them.
/// </summary>
public sealed record ExecutorChange(ExecutorChangeKind Kind, string? ExecutorId, string? AccountName, long Sequence)
{
    /// <summary>Whether a subscriber scoped to <paramref name="accounts"/> (null: every account) may be told of it.</summary>
    public bool IsVisibleTo(IReadOnlySet<string>? accounts) =>
        Kind == ExecutorChangeKind.Resync || accounts is null || (AccountName is not null && accounts.Contains(AccountName));
}
