using Executors.Application.Common.Security;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>
/// Serves TERMINATED executors from <see cref="ITerminatedExecutorCache"/> and offers what the handler finds to it. A
/// pipeline step inside validation rather than part of the handler, because MediatR builds the handler only when the
/// pipeline reaches it: a hit rents no database context (docs/performance.md). The caller's accounts are checked on
/// every hit.
/// </summary>
internal sealed class TerminatedExecutorCacheBehaviour : IPipelineBehavior<GetExecutorQuery, GetExecutorQueryResult>
{
    private readonly ICurrentUser _user;
    private readonly ITerminatedExecutorCache? _terminated;

    public TerminatedExecutorCacheBehaviour(ICurrentUser user, ITerminatedExecutorCache? terminated = null)
    {
        _user = user;
        _terminated = terminated;
    }

    public async Task<GetExecutorQueryResult> Handle(
        GetExecutorQuery request,
        CancellationToken cancellationToken,
        RequestHandlerDelegate<GetExecutorQueryResult> next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (_terminated is null)
        {
            return await next();
        }

        // A remembered executor of another account is not answered from memory: the handler's lookup then costs what
        // an unknown id costs and finds nothing, so neither the answer nor its timing says the executor exists.
        if (_terminated.TryGet(request.ExecutorId, out var kept) && _user.Accounts.Allows(kept.AccountName))
        {
            return GetExecutorQueryResult.Of(kept);
        }

        var result = await next();
        if (result.Found)
        {
            _terminated.Offer(result.Executor);
        }

        return result;
    }
}
