using Executors.Domain.Executors;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// Kept only for Controllers/GetExecutorTests.cs, which another branch is changing at the same time; use
/// <see cref="ExecutorBuilder.FullyPopulated"/>, and delete this once that file does.
/// </summary>
internal static class TestExecutors
{
    /// <summary>A TERMINATED grid executor with every field set: side, controller, both timestamps, JSON, two errors.</summary>
    public static Executor FullyPopulated(string executorId) => ExecutorBuilder.FullyPopulated(executorId).Build();
}
