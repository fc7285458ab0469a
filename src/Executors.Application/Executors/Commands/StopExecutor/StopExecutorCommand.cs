using Executors.Application.Common.Persistence;

namespace Executors.Application.Executors.Commands.StopExecutor;

/// <summary>Ask for an executor to be stopped.</summary>
public sealed record StopExecutorCommand(string ExecutorId, StopExecutorRequest Body) : ICommand<StopExecutorResponse>;
