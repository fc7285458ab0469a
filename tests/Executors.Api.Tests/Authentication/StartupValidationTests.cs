using System.Diagnostics;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Authentication;

public sealed class StartupValidationTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_NoUsersOutsideDevelopment_RefusesToStart(string environment)
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, environment: environment, withUsers: false);

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("No users are configured", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EntryPointDisposedTheHostFirst_StillReportsWhyItRefused()
    {
        // Arrange: the test thread starts the host only after Program.cs has failed to start it and disposed it, the
        // ordering that once surfaced as an ObjectDisposedException instead of the reason.
        await using var api = new ApiFactory(postgres.ConnectionString, environment: "Production", withUsers: false)
        {
            BeforeStart = WaitUntilDisposed,
        };

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("No users are configured", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoUsersInDevelopment_IsAllowed()
    {
        // Arrange: a developer may start the API before configuring anyone; nobody can sign in then.
        var validator = Validator("Development");

        // Act
        var result = validator.Validate(null, new BasicAuthenticationOptions());

        // Assert
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_DuplicateUserNames_Fails()
    {
        // Arrange
        var validator = Validator("Production");
        var hash = PasswordHash.Create("x", TestUsers.Iterations);
        var options = new BasicAuthenticationOptions
        {
            Users = [new ConfiguredUser { UserName = "a", PasswordHash = hash }, new ConfiguredUser { UserName = "a", PasswordHash = hash }],
        };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Contains("more than once", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-text-password")]
    [InlineData("PBKDF2-SHA256$abc$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("PBKDF2-SHA256$1000$not base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("")]
    public async Task Start_MalformedHash_RefusesToStartWithoutEchoingIt(string hash)
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = "broken",
            ["Authentication:Users:4:PasswordHash"] = hash,
            ["Authentication:Users:4:Accounts:0"] = "*",
        });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Authentication:Users:4:PasswordHash", validation.Message, StringComparison.Ordinal);
        if (hash.Length > 0)
        {
            Assert.DoesNotContain(hash, validation.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("with:colon")]
    [InlineData(" ")]
    public async Task Start_UserNameNotAllowedByRfc7617_RefusesToStart(string userName)
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = userName,
            ["Authentication:Users:4:PasswordHash"] = PasswordHash.Create("x", TestUsers.Iterations),
            ["Authentication:Users:4:Accounts:0"] = "*",
        });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Authentication:Users:4:UserName", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UserWithoutAccounts_RefusesToStartNamingTheUser()
    {
        // Arrange: neither "nothing" nor "everything" is a safe guess for a user whose accounts were forgotten.
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = "forgotten",
            ["Authentication:Users:4:PasswordHash"] = PasswordHash.Create("x", TestUsers.Iterations),
        });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Authentication:Users:4:Accounts is empty for user 'forgotten'", validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "master", "mixes")]
    [InlineData("master", " ", "empty account name")]
    public void Validate_MalformedAccounts_Fails(string first, string second, string expected)
    {
        // Arrange
        var validator = Validator("Production");
        var options = new BasicAuthenticationOptions
        {
            Users = [new ConfiguredUser { UserName = "a", PasswordHash = PasswordHash.Create("x", TestUsers.Iterations), Accounts = [first, second] }],
        };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownRole_Fails()
    {
        // Arrange
        var validator = Validator("Production");
        var options = new BasicAuthenticationOptions
        {
            Users = [new ConfiguredUser { UserName = "a", PasswordHash = PasswordHash.Create("x", TestUsers.Iterations), Roles = ["admin"], Accounts = ["*"] }],
        };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Contains("'admin'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RealPolicy_RefusesAHashBelow600000IterationsNamingTheUserAndTheCommand()
    {
        // Arrange: the policy production runs with (AddApi registers PasswordPolicy.Default), a real 600,000-iteration
        // hash that passes, and one of 599,999 that must not.
        var validator = new BasicAuthenticationOptionsValidator(new Environment("Production"), PasswordPolicy.Default);
        var options = new BasicAuthenticationOptions
        {
            Users =
            [
                new ConfiguredUser { UserName = "strong", PasswordHash = PasswordHash.Create("x", 600_000), Accounts = ["*"] },
                new ConfiguredUser { UserName = "weak", PasswordHash = PasswordHash.Create("y", 599_999), Accounts = ["*"] },
            ],
        };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Authentication:Users:1:PasswordHash", failure, StringComparison.Ordinal);
        Assert.Contains("'weak'", failure, StringComparison.Ordinal);
        Assert.Contains("599999", failure, StringComparison.Ordinal);
        Assert.Contains("600000", failure, StringComparison.Ordinal);
        Assert.Contains("hash-password", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RealPolicy_RefusesALegacyHashBelow600000IterationsAndAcceptsOneAt600000()
    {
        // Arrange: hashes in the format configurations held before hash-password switched to Identity's.
        var validator = new BasicAuthenticationOptionsValidator(new Environment("Production"), PasswordPolicy.Default);
        var options = new BasicAuthenticationOptions
        {
            Users =
            [
                new ConfiguredUser { UserName = "upgraded", PasswordHash = LegacyPasswordHashes.DevelopmentAdmin, Accounts = ["*"] },
                new ConfiguredUser { UserName = "weak", PasswordHash = LegacyPasswordHashes.Unmatchable(599_999), Accounts = ["*"] },
            ],
        };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Authentication:Users:1:PasswordHash of user 'weak' uses 599999 PBKDF2 iterations; at least 600000", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdentityVersion2Hash_RefusedWithoutEchoingIt()
    {
        // Arrange: Identity's version 2 (1,000 iterations of HMAC-SHA1), which Identity's own hasher would still accept.
        var v2 = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new object(), "x");
        var options = new BasicAuthenticationOptions { Users = [new ConfiguredUser { UserName = "old", PasswordHash = v2, Accounts = ["*"] }] };

        // Act
        var result = Validator("Production").Validate(null, options);

        // Assert
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Authentication:Users:0:PasswordHash is not a password hash this API accepts", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(v2, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RealPolicy_AcceptsProductionStrengthHashes()
    {
        // Arrange
        var validator = new BasicAuthenticationOptionsValidator(new Environment("Production"), PasswordPolicy.Default);
        var options = new BasicAuthenticationOptions
        {
            Users = [new ConfiguredUser { UserName = "strong", PasswordHash = PasswordHash.Create("x", 600_000), Accounts = ["*"] }],
        };

        // Act
        var result = validator.Validate(null, options);

        // Assert
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public async Task Start_RealPolicyAndTheTestUsersCheapHashes_RefusesToStart()
    {
        // Arrange: the host with the policy AddApi registers, not the one ApiFactory gives the test hosts. No setting
        // can lower it: only a service registration can, which production does not make.
        await using var api = new ApiFactory(
            postgres.ConnectionString,
            new Dictionary<string, string?> { ["Authentication:MinimumIterations"] = "1000", ["PasswordPolicy:MinimumIterations"] = "1000" },
            services: services => services.AddSingleton(PasswordPolicy.Default));

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains($"Authentication:Users:0:PasswordHash of user '{TestUsers.Reader}' uses {TestUsers.Iterations} PBKDF2 iterations", validation.Message, StringComparison.Ordinal);
    }

    private static void WaitUntilDisposed(IHost host)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                _ = host.Services.GetService(typeof(IHostEnvironment));
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("Program.cs never disposed the host that refused to start.");
    }

    /// <summary>The validator as the test hosts have it: the test users' cheap hashes are allowed.</summary>
    private static BasicAuthenticationOptionsValidator Validator(string environment) =>
        new(new Environment(environment), new PasswordPolicy(TestUsers.Iterations));

    private sealed class Environment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Executors.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
