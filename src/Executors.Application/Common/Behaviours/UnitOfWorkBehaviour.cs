using Executors.Application.Common.Persistence;
using MediatR;

namespace Executors.Application.Common.Behaviours;

/// <summary>
/// Runs a command's handler as one unit of work, inside validation: an invalid command never opens a transaction, and
/// every write path commits, rolls back and retries lost races the same way. Registered for commands only
/// (<see cref="ICommand{TResponse}"/>), so queries pay nothing for it.
/// </summary>
internal sealed class UnitOfWorkBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    where TRequest : ICommand<TResponse>
{
    private readonly IUnitOfWork _unitOfWork;

    public UnitOfWorkBehaviour(IUnitOfWork unitOfWork)
    {
        _unitOfWork = unitOfWork;
    }

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return _unitOfWork.ExecuteAsync(() => next(), cancellationToken);
    }
}
