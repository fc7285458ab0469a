using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Executors.Api.Authentication;
using Executors.Domain.Executors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// The real API in process, on the given database, in the "Testing" environment with the test users. Settings go in
/// through <c>UseSetting</c>, which Program.cs sees before it reads configuration.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;
    private volatile ExceptionDispatchInfo? _startupValidationFailure;

    public ApiFactory(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Testing",
        Action<IServiceCollection>? services = null,
        bool withUsers = true)
    {
        _connectionString = connectionString;
        _environment = environment;
        _services = services;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            // The in-process test server speaks plain HTTP; the TLS tests turn these back on with a real Kestrel.
            ["Https:RedirectHttpToHttps"] = "false",
            ["Https:Hsts"] = "false",
            // Start-up warm-up costs every factory a few hundred ms; StartupWarmUpTests turns it on.
            ["WarmUp:Enabled"] = "false",
        };
        if (withUsers)
        {
            foreach (var (key, value) in TestUsers.Settings)
            {
                _settings[key] = value;
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>
    /// Runs between building the host and starting it; lets a test put the factory's thread behind the entry point's.
    /// </summary>
    internal Action<IHost>? BeforeStart { get; init; }

    /// <summary>A configuration source, added last, that the test changes while the host runs.</summary>
    public ReloadableSettings? Reloadable { get; init; }

    /// <summary>A client that sends the reader's credentials.</summary>
    public HttpClient CreateReaderClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(
            TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword));
        return client;
    }

    /// <summary>Stores executors through the application's own repository, as the service would.</summary>
    public async Task StoreAsync(params Executor[] executors)
    {
        ArgumentNullException.ThrowIfNull(executors);
        await using var scope = Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IExecutorRepository>();
        foreach (var executor in executors)
        {
            await repository.AddAsync(executor, TestContext.Current.CancellationToken);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("ConnectionStrings:Executors", _connectionString);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(RecordStartupValidationFailures);
        // The test users hash with few iterations so that hundreds of tests stay fast; production's minimum is a service
        // (no setting can lower it), replaced here. Tests of the policy itself register PasswordPolicy.Default again.
        builder.ConfigureServices(services => services.AddSingleton(new PasswordPolicy(TestUsers.Iterations)));
        if (Reloadable is not null)
        {
            builder.ConfigureAppConfiguration((_, configuration) => configuration.Add(Reloadable));
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>
    /// Builds and starts the host as the base class does, but reports a host that refused to start with the reason it
    /// refused. WebApplicationFactory runs Program.cs on its own thread: when the host's start fails, <c>RunAsync</c>
    /// disposes the host there, and if that wins the race against this thread, the factory's deferred host meets a
    /// disposed service provider and throws ObjectDisposedException in place of the failure (dotnet/aspnetcore#38335
    /// is the same race). The failure itself was recorded by <see cref="RecordingStartupValidator"/> before the
    /// disposal, so it can be rethrown here with its own stack.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        try
        {
            BeforeStart?.Invoke(host);
            host.Start();
            return host;
        }
        catch (ObjectDisposedException) when (_startupValidationFailure is { } failure)
        {
            failure.Throw();
            throw;
        }
    }

    private void RecordStartupValidationFailures(IServiceCollection services)
    {
        var validator = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IStartupValidator))
            ?? throw new InvalidOperationException("The API registers no startup validation (ValidateOnStart).");
        var implementation = validator.ImplementationType
            ?? throw new InvalidOperationException("The startup validator is expected to be registered by type.");
        services.Remove(validator);
        services.Add(ServiceDescriptor.Describe(
            typeof(IStartupValidator),
            provider => new RecordingStartupValidator((IStartupValidator)ActivatorUtilities.CreateInstance(provider, implementation), this),
            validator.Lifetime));
    }

    private sealed class RecordingStartupValidator(IStartupValidator inner, ApiFactory factory) : IStartupValidator
    {
        public void Validate()
        {
            try
            {
                inner.Validate();
            }
            catch (Exception failure)
            {
                factory._startupValidationFailure = ExceptionDispatchInfo.Capture(failure);
                throw;
            }
        }
    }
}
