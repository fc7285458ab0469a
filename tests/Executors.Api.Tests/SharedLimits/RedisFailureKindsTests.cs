using Executors.Api.SharedLimits;
using StackExchange.Redis;

namespace Executors.Api.Tests.SharedLimits;

/// <summary>
/// Which exceptions from a Redis call mean "Redis is unavailable: decide per process" rather than a failure of the
/// request: all but the caller's own cancellation. The cluster drill found StackExchange.Redis ending a command with a
/// TaskCanceledException while a restarted replica's connection was being made, and with an InvalidOperationException
/// from its socket pipe when Redis stopped under load; each reached the client as a 500.
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
    public void EveryOtherFailureOfARedisCall_IsRedisUnavailable()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(SharedLimitStore.IsUnavailable(new RedisConnectionException(ConnectionFailureType.SocketFailure, "refused"), ct));
        Assert.True(SharedLimitStore.IsUnavailable(new RedisTimeoutException("timed out", CommandStatus.Sent), ct));
        Assert.True(SharedLimitStore.IsUnavailable(new TimeoutException(), ct));
        // What StackExchange.Redis's socket pipe throws when Redis stops under load (found by the cluster drill as a 500).
        Assert.True(SharedLimitStore.IsUnavailable(new InvalidOperationException("Writing is not allowed after writer was completed."), ct));
    }
}
