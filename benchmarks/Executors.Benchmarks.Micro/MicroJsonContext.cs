using System.Text.Json;
using System.Text.Json.Serialization;
using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// Source-generated System.Text.Json metadata for the GET response, with the options ASP.NET Core MVC uses
/// (<see cref="JsonSerializerDefaults.Web"/>): the "source generation" lever.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExecutorDetailResponse))]
[JsonSerializable(typeof(ParsedExecutorDetailResponse))]
internal sealed partial class MicroJsonContext : JsonSerializerContext;
