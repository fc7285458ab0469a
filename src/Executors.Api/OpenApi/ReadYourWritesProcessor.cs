using Executors.Application.Common.Persistence;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Executors.Api.OpenApi;

/// <summary>
/// Describes <c>X-Executors-Lsn</c> in the document: a response header on every write's success, and in each read's
/// description. Not a declared request parameter: the generated client's methods keep their signatures (a client
/// that wants to present it adds a default header).
/// </summary>
internal sealed class ReadYourWritesProcessor : IOperationProcessor
{
    public const string ResponseDescription =
        "The WAL position of this write's commit, when reads are served by standbys (ConnectionStrings:ExecutorsRead). " +
        "Present it in the X-Executors-Lsn header of a later request, to any process of the service, and that request " +
        "reads nothing older.";

    public const string ReadDescription =
        " Reads may be served by a PostgreSQL standby: a request may send X-Executors-Lsn (a value from a write's " +
        "answer) to read nothing older than that write (a malformed value is a 400); the caller's own writes through " +
        "the same process are always seen.";

    /// <summary>POSTs that change nothing: a search is a read, a stream ticket is no executor data.</summary>
    private static readonly string[] ReadingPosts = ["/executors/search", "/streams/tickets"];

    public bool Process(OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        var method = context.OperationDescription.Method;
        var path = context.OperationDescription.Path;
        var writes = method is OpenApiOperationMethod.Put or OpenApiOperationMethod.Delete
            || (method == OpenApiOperationMethod.Post && !ReadingPosts.Contains(path, StringComparer.Ordinal));
        if (!writes)
        {
            // Executor types and schemas are no stored data; a lease is read on the primary, with the engines' writes.
            if (path.StartsWith("/executors", StringComparison.Ordinal) && !path.Contains("/types/", StringComparison.Ordinal)
                && !path.EndsWith("/lease", StringComparison.Ordinal))
            {
                operation.Description += ReadDescription;
            }

            return true;
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (status.StartsWith('2'))
            {
                response.Headers[IReadConsistency.HeaderName] = new OpenApiHeader
                {
                    Description = ResponseDescription,
                    Schema = new JsonSchema { Type = JsonObjectType.String, Pattern = "^[0-9A-F]{1,8}/[0-9A-F]{1,8}$" },
                };
            }
        }

        return true;
    }
}
