using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>Get one executor's detailed record.</summary>
/// <param name="ExecutorId">The executor's id, as given in the path.</param>
public sealed record GetExecutorQuery(string ExecutorId) : IRequest<GetExecutorQueryResult>;
