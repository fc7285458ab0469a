using System.Collections.Frozen;
using Executors.Domain.Executors;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>The users in <c>Authentication:Users</c>, as read when first needed.</summary>
internal sealed class ConfiguredUsers(IOptions<BasicAuthenticationOptions> options)
{
    /// <summary>The users in force now.</summary>
    public UserSnapshot Current { get; } = UserSnapshot.Create(options.Value.Users, previous: null);
}

/// <summary>A user as loaded: its hash text, the parsed hash (the credential's identity), and what it may do.</summary>
internal sealed record UserEntry(string HashText, PasswordHash Hash, VerifiedUser User);

/// <summary>
/// One immutable user list, and the one way to check a password against it: every check — known user or not, cheap
/// hash or dear — costs PBKDF2 at the highest iteration count configured, so the answer's timing does not reveal which
/// names exist or whose hash is weaker.
/// </summary>
internal sealed class UserSnapshot
{
    private readonly FrozenDictionary<string, UserEntry> _users;
    private readonly PasswordHash _decoy;

    private UserSnapshot(FrozenDictionary<string, UserEntry> users, PasswordHash decoy)
    {
        _users = users;
        _decoy = decoy;
    }

    public int Count => _users.Count;

    /// <summary>What every check costs: the highest iteration count configured (the default when there are no users).</summary>
    public int MaxIterations => _decoy.Iterations;

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

        var iterations = users.Count == 0 ? PasswordHash.DefaultIterations : users.Values.Max(user => user.Hash.Iterations);
        var decoy = previous?._decoy.Iterations == iterations ? previous._decoy : PasswordHash.Decoy(iterations);
        return new UserSnapshot(users, decoy);
    }

    public bool TryGet(string userName, out UserEntry? user) => _users.TryGetValue(userName, out user);

    /// <summary>
    /// Checks <paramref name="passwordUtf8"/> for <paramref name="userName"/>; whatever the outcome, spends exactly <see
    /// cref="MaxIterations"/> PBKDF2 iterations (returned in <paramref name="iterationsSpent"/>).
    /// </summary>
    public bool Verify(string userName, ReadOnlySpan<byte> passwordUtf8, out UserEntry? user, out int iterationsSpent)
    {
        if (!_users.TryGetValue(userName, out user))
        {
            _ = _decoy.Verify(passwordUtf8);
            iterationsSpent = _decoy.Iterations;
            return false;
        }

        var verified = user.Hash.Verify(passwordUtf8);
        iterationsSpent = user.Hash.Iterations + _decoy.Spend(passwordUtf8, _decoy.Iterations - user.Hash.Iterations);
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
}
