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
            if (_current is null)
            {
                _current = UserSnapshot.Create(_options.CurrentValue.Users, previous: null);
                ReportLegacyHashes(_current.LegacyUserNames(since: null));
            }

            return _current;
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

            ReportLegacyHashes(next.LegacyUserNames(since: previous));
        }
    }

    // Once per hash: at start-up for every legacy hash, on a reload only for those it brought in. Repeating the
    // warning for hashes already reported would teach operators to skip it.
    private void ReportLegacyHashes(IReadOnlyList<string> userNames)
    {
        if (userNames.Count > 0)
        {
            AuthenticationLog.LegacyPasswordHashes(_logger, userNames.Count, string.Join(", ", userNames.Select(AuthenticationLog.UserName)));
        }
    }
}
