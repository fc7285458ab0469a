using System.Diagnostics.Metrics;
using Executors.Api.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.Authentication;

public sealed class PasswordCheckGateTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task EnterAsync_SlotsAndQueueFull_RefusesAtOnce()
    {
        // Arrange: one slot, one place in the queue.
        var gate = Gate(concurrency: 1, queueLimit: 1);
        var ct = TestContext.Current.CancellationToken;
        using var running = await gate.EnterAsync(trusted: false, ct);
        var waiting = gate.EnterAsync(trusted: false, ct).AsTask();

        // Act
        var refused = await gate.EnterAsync(trusted: false, ct);

        // Assert
        Assert.NotNull(running);
        Assert.False(waiting.IsCompleted);
        Assert.Null(refused);
    }

    [Fact]
    public async Task Release_HandsTheSlotToTheNextWaiter()
    {
        // Arrange
        var gate = Gate(concurrency: 1, queueLimit: 1);
        var ct = TestContext.Current.CancellationToken;
        var running = await gate.EnterAsync(trusted: false, ct);
        var waiting = gate.EnterAsync(trusted: false, ct).AsTask();

        // Act
        running!.Dispose();
        using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct);

        // Assert: the slot passed on; the queue place is free again, the slot is not.
        Assert.NotNull(next);
        var queued = gate.EnterAsync(trusted: false, ct).AsTask();
        Assert.False(queued.IsCompleted);
        Assert.Null(await gate.EnterAsync(trusted: false, ct));
    }

    [Fact]
    public async Task Release_ServesATrustedWaiterBeforeEarlierOthers()
    {
        // Arrange: a check running, an untrusted one waiting, then a trusted one.
        var gate = Gate(concurrency: 1, queueLimit: 1);
        var ct = TestContext.Current.CancellationToken;
        var running = await gate.EnterAsync(trusted: false, ct);
        var other = gate.EnterAsync(trusted: false, ct).AsTask();
        var trusted = gate.EnterAsync(trusted: true, ct).AsTask();

        // Act
        running!.Dispose();
        using var first = await trusted.WaitAsync(TimeSpan.FromSeconds(10), ct);

        // Assert: a full queue of others does not keep a trusted client out; it goes first.
        Assert.NotNull(first);
        Assert.False(other.IsCompleted);
        first!.Dispose();
        using var second = await other.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_LeavesTheQueue()
    {
        // Arrange
        var gate = Gate(concurrency: 1, queueLimit: 1);
        var ct = TestContext.Current.CancellationToken;
        using var running = await gate.EnterAsync(trusted: false, ct);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(trusted: false, cancel.Token).AsTask();

        // Act
        await cancel.CancelAsync();

        // Assert: the waiter ends cancelled and its place is free for another.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), ct));
        var next = gate.EnterAsync(trusted: false, ct).AsTask();
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public void Concurrency_Default_IsHalfTheProcessorsAndAtLeastOne()
    {
        // Act
        var gate = Gate(concurrency: 0, queueLimit: 8);

        // Assert
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), gate.Concurrency);
    }

    private PasswordCheckGate Gate(int concurrency, int queueLimit) => new(
        Options.Create(new PasswordHashingOptions { MaxConcurrency = concurrency, QueueLimit = queueLimit }),
        _services.GetRequiredService<IMeterFactory>());
}
