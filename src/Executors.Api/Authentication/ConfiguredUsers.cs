using System.Collections.Frozen;
using Executors.Domain.Executors;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Executors.Api.Authentication;

/// <summary>
/// The users in <c>Authentication:Users</c>, reloaded when configuration changes (appsettings.json is watched by the
/// default host; any reloadable source works). A reloaded list goes through the same validation as at start-up; an
/// invalid one is refused with an error log and the previous users stay in force — a typo never leaves the API with
/// no users, or with a half-read list.
/// </summary>
/// <remarks>
/// Every user keeps the <see cref="PasswordHash"/> instance it was loaded with for as long as its hash text is
/// unchanged. That instance is the credential's identity: the verified-credential cache and the trusted clients hold
/// it, and count only while it is still the user's current one — so a changed password stops the old one at once,
/// even where it was cached, and a removed user stops at once.
/// <para>
/// <see cref="IOptionsMonitor{TOptions}.OnChange"/> is not used: OptionsMonitor validates inside its own change
/// handler and never calls listeners for an invalid value, so a refused reload could not be reported. This listens to
/// the same change tokens and builds the options through the factory, seeing both outcomes.
/// </para>
/// </remarks>
internal sealed class ConfiguredUsers : IHostedService, IDisposable
{
    private readonly IOptionsMonitor<BasicAuthenticationOptions> _options;
    private readonly IOptionsFactory<BasicAuthenticationOptions> _factory;
    private readonly ILogger<ConfiguredUsers> _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _lock = new();
    private volatile UserSnapshot? _current;

    public ConfiguredUsers(
        IOptionsMonitor<BasicAuthenticationOptions> options,
        IOptionsFactory<BasicAuthenticationOptions> factory,
        IEnumerable<IOptionsChangeTokenSource<BasicAuthenticationOptions>> sources,
        ILogger<ConfiguredUsers> logger)
    {
        _options = options;
        _factory = factory;
        _logger = logger;
        foreach (var source in sources.Where(source => source.Name == Options.DefaultName))
        {
            _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
        }
    }

    /// <summary>The users in force now.</summary>
    public UserSnapshot Current => _current ?? Load();

    // A hosted service so that the users are read as the host starts, right after start-up validation accepted them
    // (the host builds its hosted services before it validates: reading them in the constructor would pre-empt the
    // validation's report), not at the first request.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Current;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscriptions.ForEach(subscription => subscription.Dispose());

    private UserSnapshot Load()
    {
        lock (_lock)
        {
            return _current ??= UserSnapshot.Create(_options.CurrentValue.Users, previous: null);
        }
    }

    /// <summary>Reads the users again; keeps the current ones when the new list does not validate.</summary>
    internal void Reload()
    {
        lock (_lock)
        {
            if (_current is not { } previous)
            {
                return; // not loaded yet: the first use reads the configuration as it is then
            }

            BasicAuthenticationOptions options;
            try
            {
                options = _factory.Create(Options.DefaultName);
            }
            catch (OptionsValidationException refused)
            {
                AuthenticationLog.UsersReloadRefused(_logger, string.Join(" ", refused.Failures), previous.Count);
                return;
            }

            var next = UserSnapshot.Create(options.Users, previous);
            var (added, changed, removed) = next.Compare(previous);
            _current = next;
            if (added + changed + removed > 0)
            {
                AuthenticationLog.UsersReloaded(_logger, next.Count, added, changed, removed);
            }
        }
    }
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
