using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>What a PUT did: created (201) or replaced (200), and the record as now stored.</summary>
public sealed record PutExecutorResult(bool Created, ExecutorDetailResponse Executor);
