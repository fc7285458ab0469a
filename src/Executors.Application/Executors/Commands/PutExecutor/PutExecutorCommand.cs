using Executors.Application.Common.Persistence;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>Create or replace an executor's state (idempotent).</summary>
/// <param name="ExecutorId">The executor's id, from the path.</param>
/// <param name="State">Its whole current state.</param>
/// <param name="Condition">What the record must be for the write to apply (<see cref="WriteCondition.None"/>: anything).</param>
public sealed record PutExecutorCommand(string ExecutorId, ExecutorStateRequest State, WriteCondition Condition) : ICommand<PutExecutorResult>;
