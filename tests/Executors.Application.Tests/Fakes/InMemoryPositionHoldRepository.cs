using Executors.Domain.Executors;
using Executors.Domain.Positions;

namespace Executors.Application.Tests.Fakes;

/// <summary>An <see cref="IPositionHoldRepository"/> over a dictionary that counts the saves it is asked for.</summary>
internal sealed class InMemoryPositionHoldRepository : IPositionHoldRepository
{
    private readonly Dictionary<PositionKey, PositionHold> _positions = [];

    public int Saves { get; private set; }

    public IReadOnlyDictionary<PositionKey, PositionHold> Positions => _positions;

    public Task<PositionHold> LockAsync(PositionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_positions.TryGetValue(key, out var position))
        {
            position = PositionHold.Open(key);
            _positions.Add(key, position);
        }

        return Task.FromResult(position);
    }

    public Task<bool> RemoveAsync(PositionKey key, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Task.FromResult(scope.Allows(key?.AccountName) && _positions.Remove(key!));
    }

    public Task SaveAsync(CancellationToken cancellationToken)
    {
        Saves++;
        return Task.CompletedTask;
    }
}
