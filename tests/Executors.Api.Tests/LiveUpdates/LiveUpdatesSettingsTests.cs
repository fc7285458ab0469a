using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>The stream settings are checked at start: a zero or negative duration stops the start, naming its key.</summary>
public sealed class LiveUpdatesSettingsTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("LiveUpdates:TicketLifetime", "00:00:00")]
    [InlineData("LiveUpdates:KeepAliveInterval", "-00:00:01")]
    [InlineData("LiveUpdates:FeedWaitTimeout", "-00:00:01")]
    public async Task Start_InvalidStreamSetting_RefusesToStart(string key, string value)
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?> { [key] = value });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(key, validation.Message, StringComparison.Ordinal);
    }
}
