using MediatR;

namespace Executors.Application.Common.Persistence;

/// <summary>
/// A request that changes stored state. Each one runs as one unit of work (<see cref="IUnitOfWork"/>): everything it
/// writes commits together or not at all, and a race lost to a concurrent writer is retried as a whole.
/// </summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;
