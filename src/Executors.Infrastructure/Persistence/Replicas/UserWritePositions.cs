using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// Each user's last write position in this process, so that clients that never send <c>X-Executors-Lsn</c> (Hummingbot's
/// tools) still read their own writes — from this process, which is why the load balancer keeps a user on one process.
/// Bounded: past <see cref="ReplicaOptions.ReadYourWritesUsers"/> users the oldest positions are dropped and the newest
/// dropped one becomes a floor every user without a remembered position must see, so forgetting never weakens the
/// guarantee; it only makes some reads wait for (or go to) the primary a little more often.
/// </summary>
internal sealed class UserWritePositions
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NpgsqlLogSequenceNumber> _positions = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private NpgsqlLogSequenceNumber? _floor;

    public UserWritePositions(IOptions<ReplicaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.ReadYourWritesUsers;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _positions.Count;
            }
        }
    }

    /// <summary>Remembers that <paramref name="user"/> wrote up to <paramref name="position"/> (never moves back).</summary>
    public void Remember(string user, NpgsqlLogSequenceNumber position)
    {
        if (string.IsNullOrEmpty(user))
        {
            return;
        }

        lock (_lock)
        {
            if (_positions.TryGetValue(user, out var known))
            {
                if (position > known)
                {
                    _positions[user] = position;
                }

                return;
            }

            if (_positions.Count >= _capacity)
            {
                Forget();
            }

            _positions[user] = position;
        }
    }

    /// <summary>What <paramref name="user"/>'s reads must see at least, or <see langword="null"/> when nothing.</summary>
    public NpgsqlLogSequenceNumber? Required(string user)
    {
        lock (_lock)
        {
            if (!string.IsNullOrEmpty(user) && _positions.TryGetValue(user, out var position))
            {
                return _floor is { } floor && floor > position ? floor : position;
            }

            return _floor;
        }
    }

    /// <summary>Drops the oldest tenth (at least one) and raises the floor to the newest of them.</summary>
    private void Forget()
    {
        var drop = Math.Max(1, _positions.Count / 10);
        foreach (var (user, position) in _positions.OrderBy(entry => entry.Value).Take(drop).ToList())
        {
            _positions.Remove(user);
            if (_floor is not { } floor || position > floor)
            {
                _floor = position;
            }
        }
    }
}
