using System.Collections.Frozen;

namespace Executors.Domain.Executors;

/// <summary>
/// The trading accounts whose executors a caller may see (and, for a writer, report): every account, or a fixed list.
/// An executor outside the scope does not exist as far as that caller is concerned. An executor with no account name
/// is visible only to an unrestricted scope.
/// </summary>
public sealed class AccountScope
{
    /// <summary>What stands for "every account" in configuration.</summary>
    public const string Wildcard = "*";

    private readonly FrozenSet<string> _accounts;

    private AccountScope(bool isAll, IEnumerable<string> accounts)
    {
        IsAll = isAll;
        _accounts = accounts.ToFrozenSet(StringComparer.Ordinal);
        Accounts = [.. _accounts.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every account, including executors that name none.</summary>
    public static AccountScope All { get; } = new(isAll: true, []);

    /// <summary>No account at all: what a caller gets when nothing says otherwise.</summary>
    public static AccountScope None { get; } = new(isAll: false, []);

    /// <summary>Whether this scope is unrestricted.</summary>
    public bool IsAll { get; }

    /// <summary>The accounts of a restricted scope, ordered and distinct; empty when <see cref="IsAll"/>.</summary>
    public IReadOnlyList<string> Accounts { get; }

    /// <summary>
    /// The scope that configuration describes: <c>["*"]</c> is every account, anything else the accounts listed
    /// (case-sensitive, as account names are stored).
    /// </summary>
    public static AccountScope Of(IEnumerable<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var list = accounts.ToList();
        if (list.Contains(Wildcard, StringComparer.Ordinal))
        {
            return All;
        }

        return list.Count == 0 ? None : new AccountScope(isAll: false, list);
    }

    /// <summary>Whether an executor of <paramref name="accountName"/> is within this scope.</summary>
    public bool Allows(string? accountName) => IsAll || (accountName is not null && _accounts.Contains(accountName));

    public override string ToString() => IsAll ? Wildcard : string.Join(",", Accounts);
}
