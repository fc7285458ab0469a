using Executors.Application.Positions;
using Executors.Domain.Executors;
using Executors.Domain.Positions;

namespace Executors.Application.Tests.Fakes;

/// <summary>An <see cref="IPositionHoldReadStore"/> over a list, applying the scope and the volume rule as the real one.</summary>
internal sealed class InMemoryPositionHoldReadStore(params PositionHold[] positions) : IPositionHoldReadStore
{
    public Task<IReadOnlyList<PositionHold>> ListWithVolumeAsync(AccountScope scope, string? controllerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PositionHold>>([.. WithVolume(scope, controllerId)]);

    public Task<PositionHold?> FindAsync(PositionKey key, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Task.FromResult(positions.FirstOrDefault(position => position.Key == key && scope.Allows(position.AccountName)));
    }

    private IEnumerable<PositionHold> WithVolume(AccountScope scope, string? controllerId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return positions.Where(position => position.HasVolume && scope.Allows(position.AccountName)
            && (controllerId is null || position.ControllerId == controllerId));
    }
}
