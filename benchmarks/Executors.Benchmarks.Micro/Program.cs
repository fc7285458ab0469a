using BenchmarkDotNet.Running;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Executors.Benchmarks.Micro -- --filter '*'</c> (or benchmarks/micro.sh,
/// which also copies the report to docs/benchmarks). Any BenchmarkDotNet command-line option works.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
