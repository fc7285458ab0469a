using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// A short, bounded job for a shared 2-core machine: one launch, 3 warm-up and 10 measured iterations, timed in this
/// process (no generated project to build per run, so the whole suite stays within a few minutes). Absolute times on a
/// busy machine are noisy; the allocation column is exact.
/// </summary>
public sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(Job.ShortRun
            .WithIterationCount(10)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);

        // Other builds share the machine: the median shrugs off the iterations they slow down.
        AddColumn(StatisticColumn.Median);
    }
}

/// <summary>
/// For operations that take hundreds of milliseconds each (a PBKDF2 check at 600,000 iterations): one call per
/// iteration, one warm-up, three measured, so the reference point costs seconds, not minutes.
/// </summary>
public sealed class SlowOperationConfig : ManualConfig
{
    public SlowOperationConfig()
    {
        AddJob(Job.Dry
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Slow"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
