using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Executors.Api.Controllers;

/// <summary>
/// Writes GET's record with MVC's own JSON options straight into Kestrel's response buffer (Kestrel adds the
/// Content-Length), skipping the formatter's content negotiation and asynchronous stream writer: GET has one
/// representation. Kept because it measured no slower and, in earlier runs, faster than the formatter (docs/performance.md).
/// </summary>
internal sealed class ExecutorJson
{
    private const string ContentType = "application/json; charset=utf-8";

    private readonly JsonTypeInfo<ExecutorDetailResponse> _typeInfo;
    private readonly JsonWriterOptions _writerOptions;

    public ExecutorJson(IOptions<JsonOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var serializer = options.Value.JsonSerializerOptions;
        _typeInfo = (JsonTypeInfo<ExecutorDetailResponse>)serializer.GetTypeInfo(typeof(ExecutorDetailResponse));
        _writerOptions = new JsonWriterOptions
        {
            Encoder = serializer.Encoder,
            Indented = serializer.WriteIndented,
            MaxDepth = serializer.MaxDepth,
        };
    }

    public void Write(HttpResponse response, ExecutorDetailResponse executor)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(executor);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        using var json = new Utf8JsonWriter(response.BodyWriter, _writerOptions);
        JsonSerializer.Serialize(json, executor, _typeInfo);
    }
}

/// <summary>200 with the executor's record, written by <see cref="ExecutorJson"/>.</summary>
internal sealed class ExecutorJsonResult(ExecutorDetailResponse executor) : IActionResult
{
    public ExecutorDetailResponse Executor { get; } = executor;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.RequestServices.GetRequiredService<ExecutorJson>().Write(context.HttpContext.Response, Executor);
        return Task.CompletedTask;
    }
}
