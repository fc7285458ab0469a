using Microsoft.Extensions.Configuration;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// A configuration source whose values a test changes while the host runs, then announces as a reload — what the
/// default host's file watcher does when appsettings.json is saved.
/// </summary>
public sealed class ReloadableSettings : ConfigurationProvider, IConfigurationSource
{
    public ReloadableSettings(IReadOnlyDictionary<string, string?>? settings = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Data[key] = value;
        }
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Removes every key under <paramref name="prefix"/> (e.g. a user's whole section).</summary>
    public void RemoveUnder(string prefix)
    {
        foreach (var key in Data.Keys.Where(key => key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            Data.Remove(key);
        }
    }

    /// <summary>
    /// Tells the host the values changed. An invalid value makes OptionsMonitor throw its validation failure back up
    /// the reload chain to whoever reloads (in production the file watcher's task, where nobody observes it); what the
    /// test looks at is the service's own reaction, so exactly that exception is swallowed here.
    /// </summary>
    public void Reload()
    {
        try
        {
            OnReload();
        }
        catch (AggregateException failure) when (failure.Flatten().InnerExceptions.All(inner => inner is Microsoft.Extensions.Options.OptionsValidationException))
        {
        }
    }
}
