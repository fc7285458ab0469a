using Executors.Api.SharedLimits;
using StackExchange.Redis;

namespace Executors.Api.Tests.SharedLimits;

/// <summary>
/// Which exceptions from a Redis call mean "Redis is unavailable: decide per process" rather than a failure of the
/// request. The cluster drill found StackExchange.Redis ending a command with a TaskCanceledException while a restarted
/// replica's connection was being made; it reached the client as a 500.
/// </summary>
public sealed class RedisFailureKindsTests
{
    [Fact]
    public void ACancellationTheCallerDidNotAskFor_IsRedisUnavailable()
    {
        using var request = new CancellationTokenSource();

        Assert.True(SharedLimitStore.IsUnavailable(new TaskCanceledException(), request.Token));
        Assert.True(SharedLimitStore.IsUnavailable(new OperationCanceledException(), CancellationToken.None));
    }

    [Fact]
    public async Task TheCallersOwnCancellation_IsNotRedisUnavailable()
    {
        using var request = new CancellationTokenSource();
        await request.CancelAsync();

        Assert.False(SharedLimitStore.IsUnavailable(new TaskCanceledException(), request.Token));
    }

    [Fact]
    public void RedisAndTimeoutFailures_AreRedisUnavailable_OtherBugsAreNot()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(SharedLimitStore.IsUnavailable(new RedisConnectionException(ConnectionFailureType.SocketFailure, "refused"), ct));
        Assert.True(SharedLimitStore.IsUnavailable(new RedisTimeoutException("timed out", CommandStatus.Sent), ct));
        Assert.True(SharedLimitStore.IsUnavailable(new TimeoutException(), ct));
        Assert.False(SharedLimitStore.IsUnavailable(new InvalidOperationException("a bug"), ct));
        Assert.False(SharedLimitStore.IsUnavailable(new ArgumentException("another bug"), ct));
    }
}
