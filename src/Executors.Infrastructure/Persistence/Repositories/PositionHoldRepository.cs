using Executors.Domain.Executors;
using Executors.Domain.Positions;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

internal sealed class PositionHoldRepository : IPositionHoldRepository
{
    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;

    public PositionHoldRepository(ExecutorsDbContext db, DatabaseGuard guard)
    {
        _db = db;
        _guard = guard;
    }

    // Part of a write: one try, like the write itself. The empty row is inserted unless one exists (a racing insert of
    // the same key waits for the other to commit, then inserts nothing), then locked: two executors closing on the same
    // position at once take turns, and the second adds to what the first committed. The row is then read as every query
    // reads it, in the same transaction.
    public Task<PositionHold> LockAsync(PositionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _guard.WriteAsync(
            async () =>
            {
                await _db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO position_holds (account_name, connector_name, trading_pair, controller_id, buy_amount_base, buy_amount_quote,
                                                sell_amount_base, sell_amount_quote, realized_pnl_quote, cum_fees_quote, executor_ids)
                    VALUES ({key.AccountName}, {key.ConnectorName}, {key.TradingPair}, {key.ControllerId}, 0, 0, 0, 0, 0, 0, ARRAY[]::text[])
                    ON CONFLICT (account_name, connector_name, trading_pair, controller_id) DO NOTHING
                    """,
                    cancellationToken);
                await _db.Database.ExecuteSqlAsync(
                    $"""
                    SELECT 1 FROM position_holds
                    WHERE account_name = {key.AccountName} AND connector_name = {key.ConnectorName}
                      AND trading_pair = {key.TradingPair} AND controller_id = {key.ControllerId}
                    FOR UPDATE
                    """,
                    cancellationToken);
                return await _db.Set<PositionHold>().AsTracking().SingleAsync(
                    position => position.AccountName == key.AccountName && position.ConnectorName == key.ConnectorName
                        && position.TradingPair == key.TradingPair && position.ControllerId == key.ControllerId,
                    cancellationToken);
            },
            cancellationToken);
    }

    public Task<bool> RemoveAsync(PositionKey key, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.Allows(key.AccountName))
        {
            return Task.FromResult(false);
        }

        return _guard.WriteAsync(
            async () => await _db.Set<PositionHold>()
                .Where(position => position.AccountName == key.AccountName && position.ConnectorName == key.ConnectorName
                    && position.TradingPair == key.TradingPair && position.ControllerId == key.ControllerId)
                .ExecuteDeleteAsync(cancellationToken) > 0,
            cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) =>
        _guard.WriteAsync(() => _db.SaveChangesAsync(cancellationToken), cancellationToken);
}
