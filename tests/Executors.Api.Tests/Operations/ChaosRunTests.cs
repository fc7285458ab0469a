using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Executors.Chaos;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// The chaos driver of scripts/chaos.sh, briefly, against the real app on real Kestrel and the real database, with
/// production-strength hashes and the default request allowance: racing writers, wrong-password bursts from fresh
/// loopback addresses, re-spelt and malformed headers and 1,000-row searches, all at once, while the attackers' target
/// keeps reading. Nothing outside each traffic's expected answers, nothing lost, the target's p99 within a bound
/// generous enough for 2 busy cores (the script's longer run puts its figures in docs/operations.md).
/// </summary>
public sealed class ChaosRunTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "chaos test password, long enough";

    private readonly TestCertificate _certificate = new();

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task EverythingAtOnce_NothingLost_NoUnexpectedAnswer_TargetStaysFast()
    {
        // Arrange: the chaos users as scripts/chaos.sh configures them, with 600,000-iteration hashes.
        var settings = new Dictionary<string, string?>();
        foreach (var ((name, roles, accounts), index) in ChaosUsers.All.Select((user, index) => (user, index)))
        {
            settings[$"Authentication:Users:{index}:UserName"] = name;
            settings[$"Authentication:Users:{index}:PasswordHash"] = PasswordHash.Create(Password, PasswordPolicy.OwaspMinimumIterations);
            for (var r = 0; r < roles.Length; r++)
            {
                settings[$"Authentication:Users:{index}:Roles:{r}"] = roles[r];
            }

            for (var a = 0; a < accounts.Length; a++)
            {
                settings[$"Authentication:Users:{index}:Accounts:{a}"] = accounts[a];
            }
        }

        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, settings, services => services.AddSingleton(PasswordPolicy.Default), withUsers: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        var run = new ChaosRun(new ChaosOptions
        {
            Api = api.HttpAddress,
            Password = Password,
            Baseline = TimeSpan.FromSeconds(3),
            Duration = TimeSpan.FromSeconds(12),
            BurstEvery = TimeSpan.FromSeconds(4),
            ForeignExecutors = 150,
            P99BoundMilliseconds = 250,
        });

        // Act
        var report = await run.RunAsync(deadline.Token);

        // Assert
        var markdown = report.ToMarkdown("Chaos run (test)");
        TestContext.Current.TestOutputHelper?.WriteLine(markdown);
        Assert.True(report.Passed, markdown);
        Assert.True(report.WritesAcknowledged > 0, markdown);
        Assert.Contains(report.Answers, pair => pair.Key.StartsWith("wrong passwords: ", StringComparison.Ordinal));
        Assert.Contains(report.Answers, pair => pair.Key == "1,000-row searches: 429");
        Assert.Equal(ChaosUsers.All.Count - 1, ChaosUsers.All.Count(user => user.Accounts.SequenceEqual(["*"])));
    }
}
