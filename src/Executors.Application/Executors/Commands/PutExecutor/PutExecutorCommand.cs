using Executors.Application.Common.Persistence;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>Create or replace an executor's state (idempotent).</summary>
/// <param name="ExecutorId">The executor's id, from the path.</param>
/// <param name="State">Its whole current state.</param>
/// <param name="IfMatch">The If-Match entity tags, if any: replace only that version.</param>
/// <param name="IfNoneMatch">The If-None-Match entity tags, if any (<c>*</c>: create only).</param>
public sealed record PutExecutorCommand(
    string ExecutorId,
    ExecutorStateRequest State,
    IReadOnlyList<string>? IfMatch = null,
    IReadOnlyList<string>? IfNoneMatch = null) : ICommand<PutExecutorResult>;
