using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Hosting;

/// <summary>
/// Every configuration section is bound and validated when the API starts: a value it cannot use stops the start with a
/// message naming the key, rather than failing on the first request that reads it (or never).
/// </summary>
public sealed class ConfigurationValidationTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("Limits:MaxUrlLength", "10", "MaxUrlLength")]
    [InlineData("Limits:RequestTimeout", "00:00:00", "RequestTimeout")]
    [InlineData("RateLimiting:RowsPerPermit", "0", "RowsPerPermit")]
    [InlineData("Shutdown:Timeout", "-00:00:01", "Shutdown:Timeout must not be negative")]
    [InlineData("Https:KnownProxies:0", "not-an-address", "Https:KnownProxies:0 ('not-an-address') is not an IP address")]
    [InlineData("Https:KnownNetworks:0", "10.0.0.0/99", "Https:KnownNetworks:0 ('10.0.0.0/99')")]
    [InlineData("Database:HealthCheckTimeout", "00:00:00", "Database:HealthCheckTimeout must be positive")]
    [InlineData("Caching:TerminatedExecutorIdleTime", "00:00:00", "Caching:TerminatedExecutorIdleTime must be positive")]
    [InlineData("Caching:FinalExecutorIdleTime", "00:00:00", "Caching:TerminatedExecutorIdleTime must be positive")] // the earlier key, read as the new one
    [InlineData("Caching:TerminatedExecutorBytes", "-1", "Caching:TerminatedExecutorBytes must be 0 (off)")]
    [InlineData("Idempotency:PurgeInterval", "00:00:00", "Idempotency:PurgeInterval must be more than zero")]
    [InlineData("Idempotency:PurgeInterval", "2.00:00:00", "Idempotency:PurgeInterval must be more than zero and at most a day")]
    [InlineData("Idempotency:PurgeBatchSize", "0", "Idempotency:PurgeBatchSize must be between 1 and 100000")]
    public async Task Start_InvalidSetting_RefusesToStartNamingIt(string key, string value, string expected)
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?> { [key] = value });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(expected, validation.Message, StringComparison.Ordinal);
    }
}
