namespace Executors.Client;

// The hand-written half of the generated ProblemDetails.
public partial class ProblemDetails
{
    /// <summary>The API's <c>traceId</c> extension: quote it to the API's operators to find the request in their logs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TraceId =>
        AdditionalProperties.TryGetValue("traceId", out var value) && value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } text
            ? text.GetString()
            : null;
}
