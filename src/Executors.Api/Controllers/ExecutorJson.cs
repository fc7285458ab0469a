using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Executors.Api.Controllers;

/// <summary>
/// Writes executor records for GET /executors/{id} with the JSON settings MVC's formatter uses, minus the formatter's
/// content negotiation and asynchronous stream writing (the record is ~2 KB: it is written into Kestrel's buffer in one
/// go, and Kestrel adds the Content-Length). A TERMINATED record never changes, so its UTF-8 is made once and kept with
/// the record for as long as the record itself is kept (the final-executor cache): a cache hit is then a copy of bytes.
/// The measurements behind this are in docs/performance.md.
/// </summary>
internal sealed class ExecutorJson
{
    private const string ContentType = "application/json; charset=utf-8";

    private readonly JsonTypeInfo<ExecutorDetailResponse> _typeInfo;
    private readonly JsonWriterOptions _writerOptions;

    // Keyed by the record object: an entry lives exactly as long as the cached record it was made from.
    private readonly ConditionalWeakTable<ExecutorDetailResponse, byte[]> _finalRecords = [];

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
        if (executor.IsActive)
        {
            using var json = new Utf8JsonWriter(response.BodyWriter, _writerOptions);
            JsonSerializer.Serialize(json, executor, _typeInfo);
            return;
        }

        var utf8 = _finalRecords.GetValue(executor, record => JsonSerializer.SerializeToUtf8Bytes(record, _typeInfo));
        response.ContentLength = utf8.Length;
        response.BodyWriter.Write(utf8);
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
