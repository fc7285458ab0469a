using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Executors.Api;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// Writing the GET response with the API's own MVC JSON options (taken from <c>AddApi()</c>'s container, so any
/// converter or policy the API adds is measured too): reflection metadata, as today, against source-generated metadata
/// inserted into those same options (what the API would do); and how config/custom_info are carried: parsed into
/// JsonElements and re-serialized, as today, against raw pass-through of the stored JSON text.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializationBenchmarks
{
    private const string Bytes = "Serialize to bytes";
    private const string Pipe = "SerializeAsync to PipeWriter (as MVC writes)";
    private const string Carriage = "config/custom_info: parse + re-serialize vs raw";

    private Executor _executor = null!;
    private ExecutorDetailResponse _response = null!;
    private JsonTypeInfo<ExecutorDetailResponse> _reflection = null!;
    private JsonTypeInfo<ExecutorDetailResponse> _sourceGenerated = null!;
    private JsonTypeInfo<ParsedExecutorDetailResponse> _parsedReflection = null!;
    private PipeWriter _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddApi(new ConfigurationBuilder().Build());
        using (var provider = services.BuildServiceProvider())
        {
            var mvc = provider.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
            _reflection = (JsonTypeInfo<ExecutorDetailResponse>)mvc.GetTypeInfo(typeof(ExecutorDetailResponse));
            _parsedReflection = (JsonTypeInfo<ParsedExecutorDetailResponse>)mvc.GetTypeInfo(typeof(ParsedExecutorDetailResponse));

            var withContext = new JsonSerializerOptions(mvc);
            withContext.TypeInfoResolverChain.Insert(0, MicroJsonContext.Default);
            _sourceGenerated = (JsonTypeInfo<ExecutorDetailResponse>)withContext.GetTypeInfo(typeof(ExecutorDetailResponse));
        }

        _executor = SampleExecutor.Create();
        _response = HandMapping.ToDetail(_executor);
        _sink = PipeWriter.Create(Stream.Null);

        // Like for like: every variant must write the same JSON value.
        var expected = JsonSerializer.SerializeToElement(_response, _reflection);
        Same(expected, JsonSerializer.SerializeToElement(_response, _sourceGenerated), "source-generated");
        Same(expected, JsonSerializer.SerializeToElement(_response, MicroJsonContext.Default.ExecutorDetailResponse), "context-only");
        Same(JsonDocument.Parse(_executor.State.Config!.Json).RootElement, JsonElement.Parse(_executor.State.Config!.Json), "JsonElement.Parse");
        Same(expected, JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(HandMapping.ToParsedDetail(_executor), _parsedReflection)).RootElement, "parsed (before)");
    }

    [GlobalCleanup]
    public void Cleanup() => _sink.Complete();

    [BenchmarkCategory(Bytes)]
    [Benchmark(Baseline = true)]
    public byte[] Reflection() => JsonSerializer.SerializeToUtf8Bytes(_response, _reflection);

    [BenchmarkCategory(Bytes)]
    [Benchmark]
    public byte[] SourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(_response, _sourceGenerated);

    /// <summary>
    /// The context's own metadata and options (its fast path, if the generator could make one): what MVC would get
    /// only with the context as its sole resolver rather than first in the chain.
    /// </summary>
    [BenchmarkCategory(Bytes)]
    [Benchmark]
    public byte[] SourceGeneratedContextOnly() => JsonSerializer.SerializeToUtf8Bytes(_response, MicroJsonContext.Default.ExecutorDetailResponse);

    [BenchmarkCategory(Pipe)]
    [Benchmark(Baseline = true)]
    public Task AsyncReflection() => JsonSerializer.SerializeAsync(_sink, _response, _reflection);

    [BenchmarkCategory(Pipe)]
    [Benchmark]
    public Task AsyncSourceGenerated() => JsonSerializer.SerializeAsync(_sink, _response, _sourceGenerated);

    [BenchmarkCategory(Pipe)]
    [Benchmark]
    public Task AsyncSourceGeneratedContextOnly() => JsonSerializer.SerializeAsync(_sink, _response, MicroJsonContext.Default.ExecutorDetailResponse);

    /// <summary>Before: the mapping parsed config and custom_info, the formatter wrote the JsonElements back out.</summary>
    [BenchmarkCategory(Carriage)]
    [Benchmark(Baseline = true)]
    public byte[] ParseThenSerialize() => JsonSerializer.SerializeToUtf8Bytes(HandMapping.ToParsedDetail(_executor), _parsedReflection);

    /// <summary>Now: the stored JSON text written verbatim, no parse, no re-serialization.</summary>
    [BenchmarkCategory(Carriage)]
    [Benchmark]
    public byte[] RawPassThrough() => JsonSerializer.SerializeToUtf8Bytes(HandMapping.ToDetail(_executor), _reflection);

    /// <summary>The parse alone: JsonDocument.Parse + Clone of the ~1.5 KB of config and custom_info.</summary>
    [BenchmarkCategory(Carriage)]
    [Benchmark]
    public bool ParseOnly() =>
        HandMapping.JsonObject(_executor.State.Config?.Json)?.ValueKind == HandMapping.JsonObject(_executor.State.CustomInfo?.Json)?.ValueKind;

    /// <summary>The parse as .NET 10's JsonElement.Parse does it: one parse, no pooled document to clone out of.</summary>
    [BenchmarkCategory(Carriage)]
    [Benchmark]
    public bool ParseOnlyElementParse() =>
        JsonElement.Parse(_executor.State.Config!.Json).ValueKind == JsonElement.Parse(_executor.State.CustomInfo!.Json).ValueKind;

    private static void Same(JsonElement expected, JsonElement actual, string variant)
    {
        if (!JsonElement.DeepEquals(expected, actual))
        {
            throw new InvalidOperationException($"The {variant} variant writes different JSON:\n{expected}\n{actual}");
        }
    }
}
