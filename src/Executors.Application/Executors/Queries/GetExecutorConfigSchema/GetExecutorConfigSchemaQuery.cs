using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorConfigSchema;

/// <summary>The configuration fields of one executor type (404 for a type that is not one of the eight).</summary>
/// <param name="ExecutorType">The type, as executor_type spells it.</param>
public sealed record GetExecutorConfigSchemaQuery(string ExecutorType) : IRequest<ExecutorConfigSchemaResponse>;
