using System.Text.Json;
using AutoMapper;
using BenchmarkDotNet.Attributes;
using Executors.Application;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// Aggregate → <see cref="ExecutorDetailResponse"/>: the service's AutoMapper configuration against the same mapping
/// written by hand. Both parse config and custom_info into JsonElements, as the profile does.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroConfig))]
[BenchmarkCategory("Mapping")]
public class MappingBenchmarks
{
    private ServiceProvider _services = null!;
    private IMapper _mapper = null!;
    private Executor _executor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddApplication().BuildServiceProvider();
        _mapper = _services.GetRequiredService<IMapper>();
        _executor = SampleExecutor.Create();

        // Like for like: both mappings must write the same response.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var automapped = JsonSerializer.Serialize(_mapper.Map<ExecutorDetailResponse>(_executor), options);
        var handMapped = JsonSerializer.Serialize(HandMapping.ToDetail(_executor), options);
        if (automapped != handMapped)
        {
            throw new InvalidOperationException($"The hand-written mapping differs from AutoMapper's:\n{automapped}\n{handMapped}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public ExecutorDetailResponse AutoMapper() => _mapper.Map<ExecutorDetailResponse>(_executor);

    [Benchmark]
    public ExecutorDetailResponse HandWritten() => HandMapping.ToDetail(_executor);

    /// <summary>The former hand-written mapping, which parsed config and custom_info into JsonElements.</summary>
    [Benchmark]
    public ParsedExecutorDetailResponse HandWrittenParsedJson() => HandMapping.ToParsedDetail(_executor);
}
