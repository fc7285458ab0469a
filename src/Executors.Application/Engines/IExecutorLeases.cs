using Executors.Domain.Executors;

namespace Executors.Application.Engines;

/// <summary>
/// Which engine runs which executor: a lease per executor, held by one engine until it expires. Inside a command's
/// unit of work. Every call takes the caller's scope: executors of other accounts are never claimed, renewed or listed.
/// </summary>
public interface IExecutorLeases
{
    /// <summary>
    /// Leases to <paramref name="engineId"/> up to <paramref name="limit"/> executors no engine holds — NOT_STARTED ones
    /// never claimed, and any not TERMINATED whose lease has expired — oldest first, until <paramref name="expires"/>.
    /// Two engines claiming at once never get the same executor.
    /// </summary>
    Task<IReadOnlyList<Executor>> ClaimAsync(string engineId, AccountScope scope, int limit, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Extends every lease <paramref name="engineId"/> still holds (expired ones too, unless another engine took them over).</summary>
    Task<int> RenewAsync(string engineId, AccountScope scope, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>The executors, not TERMINATED, whose lease names <paramref name="engineId"/>, with when it expires.</summary>
    Task<IReadOnlyList<(Executor Executor, DateTimeOffset LeaseExpiresAt)>> HeldAsync(string engineId, AccountScope scope, CancellationToken cancellationToken);
}
