using Executors.Application.Executors.Commands.CreateExecutor;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Idempotency;

/// <summary>
/// Keys claimed with <c>INSERT … ON CONFLICT DO NOTHING</c> inside the command's transaction: a second request with the
/// same key waits on the first one's row until it commits (then reads its answer) or rolls back (then the key is
/// free and the insert goes through). A key is kept for <see cref="Lifetime"/>; after that the same key is new again.
/// </summary>
internal sealed class IdempotentRequests : IIdempotentRequests
{
    /// <summary>How long an answer is kept for retries (a client retries within minutes, not days).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ExecutorsDbContext _db;
    private readonly TimeProvider _clock;

    public IdempotentRequests(ExecutorsDbContext db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public async Task<IdempotentRequest?> ClaimAsync(string userName, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var expired = now - Lifetime;

        // A key older than its lifetime is taken over as if new.
        var claimed = await _db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO idempotent_requests (user_name, key, request_hash, created_at) VALUES ({userName}, {key}, {requestHash}, {now})
            ON CONFLICT (user_name, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, answer = NULL, created_at = EXCLUDED.created_at
            WHERE idempotent_requests.created_at < {expired}
            """,
            cancellationToken);
        if (claimed == 1)
        {
            return null;
        }

        var earlier = await _db.Set<IdempotentRequestRecord>().AsNoTracking()
            .Where(request => request.UserName == userName && request.Key == key)
            .Select(request => new { request.RequestHash, request.Answer })
            .SingleAsync(cancellationToken);
        return new IdempotentRequest(earlier.RequestHash, earlier.Answer ?? "null");
    }

    public Task AnswerAsync(string userName, string key, string answerJson, CancellationToken cancellationToken) =>
        _db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE idempotent_requests SET answer = {answerJson}::jsonb WHERE user_name = {userName} AND key = {key}",
            cancellationToken);
}
