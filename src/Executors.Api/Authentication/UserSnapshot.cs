using System.Collections.Frozen;
using System.Security.Cryptography;
using Executors.Domain.Executors;

namespace Executors.Api.Authentication;

/// <summary>
/// One immutable user list, and the one way to check a password against it: every check — known user or not, cheap
/// hash or dear, legacy format or Identity's — costs the same PBKDF2 work, the most of each hash function that any
/// configured hash costs (<see cref="MaxWork"/>), so the answer's timing does not reveal which names exist or whose
/// hash is weaker or older.
/// </summary>
internal sealed class UserSnapshot
{
    private readonly FrozenDictionary<string, UserEntry> _users;

    // The salt the padding work runs with: random, so that the work cannot be precomputed and skipped.
    private readonly byte[] _paddingSalt;

    private UserSnapshot(FrozenDictionary<string, UserEntry> users, PasswordWork maxWork, byte[] paddingSalt)
    {
        _users = users;
        MaxWork = maxWork;
        _paddingSalt = paddingSalt;
    }

    public int Count => _users.Count;

    /// <summary>What every check costs (with no users, what a hash from <c>hash-password</c> costs).</summary>
    public PasswordWork MaxWork { get; }

    public static UserSnapshot Create(IEnumerable<ConfiguredUser> configured, UserSnapshot? previous)
    {
        var users = configured.ToFrozenDictionary(
            user => user.UserName,
            user =>
            {
                var verified = new VerifiedUser(user.UserName, user.EffectiveRoles, AccountScope.Of(user.Accounts));
                if (previous is not null && previous._users.TryGetValue(user.UserName, out var known)
                    && string.Equals(known.HashText, user.PasswordHash, StringComparison.Ordinal))
                {
                    // Same hash: same credential identity, so its cache entries and trusted clients stay good.
                    return known with { User = verified };
                }

                return new UserEntry(user.PasswordHash, PasswordHash.Parse(user.PasswordHash), verified);
            },
            StringComparer.Ordinal);

        var maxWork = users.Count == 0
            ? PasswordWork.Of(HashAlgorithmName.SHA512, PasswordHash.DefaultIterations)
            : users.Values.Aggregate(PasswordWork.None, (max, user) => PasswordWork.Max(max, user.Hash.Work));
        return new UserSnapshot(users, maxWork, previous?._paddingSalt ?? RandomNumberGenerator.GetBytes(16));
    }

    public bool TryGet(string userName, out UserEntry? user) => _users.TryGetValue(userName, out user);

    /// <summary>
    /// Checks <paramref name="passwordUtf8"/> for <paramref name="userName"/>; whatever the outcome, spends exactly
    /// <see cref="MaxWork"/> (returned in <paramref name="spent"/>): the user's own hash, then padding up to it.
    /// </summary>
    public bool Verify(string userName, ReadOnlySpan<byte> passwordUtf8, out UserEntry? user, out PasswordWork spent)
    {
        if (!_users.TryGetValue(userName, out user))
        {
            MaxWork.Spend(passwordUtf8, _paddingSalt);
            spent = MaxWork;
            return false;
        }

        var verified = user.Hash.Verify(passwordUtf8);
        var padding = MaxWork - user.Hash.Work;
        padding.Spend(passwordUtf8, _paddingSalt);
        spent = user.Hash.Work + padding;
        return verified;
    }

    /// <summary>Users added, with a changed hash, and removed, compared with <paramref name="previous"/>.</summary>
    public (int Added, int Changed, int Removed) Compare(UserSnapshot previous)
    {
        var added = _users.Keys.Count(name => !previous._users.ContainsKey(name));
        var removed = previous._users.Keys.Count(name => !_users.ContainsKey(name));
        var changed = _users.Count(pair => previous._users.TryGetValue(pair.Key, out var old) && !ReferenceEquals(old.Hash, pair.Value.Hash));
        return (added, changed, removed);
    }

    /// <summary>The users whose hash is in the legacy format and new since <paramref name="since"/> (all of them without it), by name.</summary>
    public IReadOnlyList<string> LegacyUserNames(UserSnapshot? since) =>
        [.. _users.Values
            .Where(user => user.Hash.Format == PasswordHashFormat.Legacy)
            .Where(user => since is null || !since._users.TryGetValue(user.User.UserName, out var old) || !ReferenceEquals(old.Hash, user.Hash))
            .Select(user => user.User.UserName)
            .Order(StringComparer.Ordinal)];
}
