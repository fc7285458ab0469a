using System.Diagnostics.Metrics;
using System.Net;
using Executors.Api.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// The failure counters stay bounded whatever a client sends: a spray of distinct addresses and user names (each one
/// new, so each adds counters) never makes the throttle hold more than its capacity. No transport is involved: the
/// throttle is driven directly, with a small capacity so that the spray stays short.
/// </summary>
public sealed class FailedAuthenticationThrottleMemoryTests
{
    [Fact]
    public void SprayOfDistinctAddressesAndNames_HoldsNoMoreCountersThanItsCapacity()
    {
        // Arrange: room for 300 counters; 1,000 attempts, each from another address for another (long) name: up to
        // three counters each (address, address and name, name).
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var throttle = new FailedAuthenticationThrottle(
            Options.Create(new FailureThrottlingOptions()), new FakeTimeProvider(), services.GetRequiredService<IMeterFactory>(), capacity: 300);

        // Act
        var refused = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var attempt = throttle.Begin(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), $"name-{i}-" + new string('x', 1_000), trusted: false);
            refused += attempt.RetryAfter is null ? 0 : 1;
        }

        // Assert: every attempt was a first one (nothing to refuse), and the counters never outgrew the capacity.
        Assert.Equal(0, refused);
        Assert.InRange(throttle.TrackedKeys, 1, 300);
    }

    [Fact]
    public void WithoutASpray_EveryKeyIsCounted()
    {
        // Arrange: the same throttle, ten attempts from one address for ten names: 1 + 10 + 10 counters.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var throttle = new FailedAuthenticationThrottle(
            Options.Create(new FailureThrottlingOptions()), new FakeTimeProvider(), services.GetRequiredService<IMeterFactory>(), capacity: 300);

        // Act
        for (var i = 0; i < 10; i++)
        {
            _ = throttle.Begin(IPAddress.Parse("203.0.113.10"), $"name-{i}", trusted: false);
        }

        var eleventh = throttle.Begin(IPAddress.Parse("203.0.113.10"), "name-10", trusted: false);

        // Assert
        Assert.Equal(21, throttle.TrackedKeys);
        Assert.Equal(ThrottleLimit.Address, eleventh.Limit);
    }
}
