using Executors.Application.Positions;
using Executors.Domain.Executors;
using Executors.Domain.Positions;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>Position holds as readers see them: within the caller's accounts only, never tracked.</summary>
internal sealed class PositionHoldReadStore : IPositionHoldReadStore
{
    private readonly Replicas.ReadDatabase _reads;
    private readonly DatabaseGuard _guard;

    public PositionHoldReadStore(Replicas.ReadDatabase reads, DatabaseGuard guard)
    {
        _reads = reads;
        _guard = guard;
    }

    public Task<IReadOnlyList<PositionHold>> ListWithVolumeAsync(AccountScope scope, string? controllerId, CancellationToken cancellationToken) =>
        _guard.ReadAsync<IReadOnlyList<PositionHold>>(
            async () => await WithVolume(await _reads.ContextAsync(cancellationToken), scope, controllerId).OrderBy(position => position.Id).ToListAsync(cancellationToken),
            cancellationToken);

    public Task<PositionHold?> FindAsync(PositionKey key, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _guard.ReadAsync(
            async () => await Visible(await _reads.ContextAsync(cancellationToken), scope).FirstOrDefaultAsync(
                position => position.AccountName == key.AccountName && position.ConnectorName == key.ConnectorName
                    && position.TradingPair == key.TradingPair && position.ControllerId == key.ControllerId,
                cancellationToken),
            cancellationToken);
    }

    private static IQueryable<PositionHold> WithVolume(ExecutorsDbContext db, AccountScope scope, string? controllerId)
    {
        var visible = Visible(db, scope).Where(position => position.BuyAmountBase > 0 || position.SellAmountBase > 0);
        return controllerId is null ? visible : visible.Where(position => position.ControllerId == controllerId);
    }

    private static IQueryable<PositionHold> Visible(ExecutorsDbContext db, AccountScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var positions = db.Set<PositionHold>().AsNoTracking();
        if (scope.IsAll)
        {
            return positions;
        }

        var accounts = scope.Accounts.ToArray();
        return positions.Where(position => accounts.Contains(position.AccountName));
    }
}
