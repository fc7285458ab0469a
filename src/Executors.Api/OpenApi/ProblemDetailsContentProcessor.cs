using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Executors.Api.OpenApi;

/// <summary>
/// Every error answer is RFC 9457 <c>application/problem+json</c> (docs/adr/0001). NSwag lists a response's schema under
/// <c>application/json</c> whatever <c>[ProducesResponseType]</c> says, so this moves the error responses' schemas to
/// the media type the API really sends.
/// </summary>
internal sealed class ProblemDetailsContentProcessor : IOperationProcessor
{
    public const string MediaType = "application/problem+json";

    public bool Process(OperationProcessorContext context)
    {
        foreach (var (status, response) in context.OperationDescription.Operation.Responses)
        {
            if (!int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var code) || code < 400
                || !response.Content.Remove("application/json", out var json))
            {
                continue;
            }

            response.Content[MediaType] = json;
        }

        return true;
    }
}
