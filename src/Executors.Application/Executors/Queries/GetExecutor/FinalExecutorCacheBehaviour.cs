using Executors.Application.Common.Security;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>
/// Serves TERMINATED executors from <see cref="IFinalExecutorCache"/> and offers what the handler loads to it. A step of
/// the GET's pipeline, inside validation, rather than part of the handler: MediatR builds the handler only when the
/// pipeline reaches it, so a cache hit never rents a database context nor builds the repository (measured in
/// docs/performance.md). Authentication and authorization have run before any of this; the caller's accounts are
/// checked here on every hit.
/// </summary>
public sealed class FinalExecutorCacheBehaviour : IPipelineBehavior<GetExecutorQuery, ExecutorDetailResponse>
{
    private readonly ICurrentUser _user;
    private readonly IFinalExecutorCache? _finalExecutors;

    public FinalExecutorCacheBehaviour(ICurrentUser user, IFinalExecutorCache? finalExecutors = null)
    {
        _user = user;
        _finalExecutors = finalExecutors;
    }

    public async Task<ExecutorDetailResponse> Handle(
        GetExecutorQuery request,
        CancellationToken cancellationToken,
        RequestHandlerDelegate<ExecutorDetailResponse> next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (_finalExecutors is null)
        {
            return await next();
        }

        // A remembered executor of another account is not answered from memory: the handler's lookup then costs what
        // an unknown id costs and finds nothing, so neither the answer nor its timing says the executor exists.
        if (_finalExecutors.TryGet(request.ExecutorId, out var final) && _user.Accounts.Allows(final!.AccountName))
        {
            return final;
        }

        var response = await next();
        _finalExecutors.Offer(response);
        return response;
    }
}
