using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorTypes;

/// <summary>The executor types this service knows, with what each is for.</summary>
public sealed record GetExecutorTypesQuery : IRequest<ExecutorTypesResponse>;
