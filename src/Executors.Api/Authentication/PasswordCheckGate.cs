using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Bounds the PBKDF2 work the process does at once: at most <see cref="Concurrency"/> checks run, a short queue waits
/// (asynchronously: no thread is held), and beyond it a check is refused at once — the caller answers 503 with
/// <c>Retry-After</c>. A burst of wrong passwords thus costs one core's worth of hashing at most, and a signed-in user's
/// requests (which never come here: the verified-credential cache answers them) keep the rest of the machine.
/// </summary>
/// <remarks>
/// Clients that signed in as the same user from the same address recently (trusted) wait in a queue of their own that
/// is served first: a burst from elsewhere cannot keep a known client from re-verifying when its cache entry expires.
/// </remarks>
internal sealed class PasswordCheckGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _trusted = new();
    private readonly LinkedList<Waiter> _others = new();
    private readonly int _queueLimit;
    private readonly Counter<long> _rejections;
    private int _running;

    public PasswordCheckGate(IOptions<PasswordHashingOptions> options, IMeterFactory meters)
    {
        Concurrency = options.Value.EffectiveConcurrency;
        _queueLimit = options.Value.QueueLimit;
        _rejections = meters.Create(CredentialVerifier.MeterName).CreateCounter<long>(
            "executors.authentication.gate_rejections",
            description: "Sign-ins answered 503 because the password checks running and waiting were at their limits.");
    }

    /// <summary>Sign-ins waiting for a slot now (the hashing queue's length, for the metrics).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _trusted.Count + _others.Count;
            }
        }
    }

    /// <summary>How many checks may run at once.</summary>
    public int Concurrency { get; }

    /// <summary>
    /// A slot to hash in (dispose it when done), after waiting in the queue if need be; or <see langword="null"/> at
    /// once when the slots and the queue are full.
    /// </summary>
    public ValueTask<IDisposable?> EnterAsync(bool trusted, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_running < Concurrency)
            {
                _running++;
                return ValueTask.FromResult<IDisposable?>(new Slot(this));
            }

            var queue = trusted ? _trusted : _others;
            if (queue.Count >= _queueLimit)
            {
                _rejections.Add(1);
                return ValueTask.FromResult<IDisposable?>(null);
            }

            waiter = new Waiter(this, queue);
            waiter.Node = queue.AddLast(waiter);
        }

        return new ValueTask<IDisposable?>(waiter.WaitAsync(cancellationToken));
    }

    /// <summary>Hands the slot to the next waiter (trusted first), or frees it.</summary>
    private void Release()
    {
        lock (_lock)
        {
            var next = _trusted.First ?? _others.First;
            if (next is null)
            {
                _running--;
                return;
            }

            next.List!.Remove(next);
            next.Value.Node = null;
            next.Value.Completion.TrySetResult(new Slot(this));
        }
    }

    /// <summary>A waiting check; removed under the lock either by <see cref="Release"/> (it runs) or by cancellation.</summary>
    private sealed class Waiter(PasswordCheckGate gate, LinkedList<Waiter> queue)
    {
        public TaskCompletionSource<IDisposable?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public async Task<IDisposable?> WaitAsync(CancellationToken cancellationToken)
        {
            await using var registration = cancellationToken.Register(Cancel);
            return await Completion.Task;

            void Cancel()
            {
                lock (gate._lock)
                {
                    if (Node is null)
                    {
                        return; // already given a slot: the caller disposes it
                    }

                    queue.Remove(Node);
                    Node = null;
                }

                Completion.TrySetCanceled(cancellationToken);
            }
        }
    }

    private sealed class Slot(PasswordCheckGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
