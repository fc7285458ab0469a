namespace Executors.Client;

// Hand-written halves of the generated exceptions: one catch (ExecutorsApiException) sees the problem details of every
// documented error answer (400, 401, 404, 503) without knowing which generic type NSwag chose for that status.
public partial class ExecutorsApiException
{
    /// <summary>The RFC 9457 problem details the API answered with, or <c>null</c> for an undocumented answer.</summary>
    public virtual ProblemDetails? ProblemDetails => null;

    /// <summary>The problem's <c>detail</c>: a sentence for people, e.g. which executor was not found.</summary>
    public string? Detail => ProblemDetails?.Detail;

    /// <summary>For a 400: the invalid fields (e.g. <c>executor_id</c>) and what is wrong with each; otherwise empty.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors =>
        ProblemDetails switch
        {
            ValidationProblemDetails { Errors: { } errors } => new Dictionary<string, IReadOnlyList<string>>(errors, StringComparer.Ordinal),
            HttpValidationProblemDetails { Errors: { } errors } => new Dictionary<string, IReadOnlyList<string>>(errors, StringComparer.Ordinal),
            _ => new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal),
        };
}

/// <summary>An error answer whose body NSwag read as <typeparamref name="TResult"/> (a problem details type here).</summary>
public partial class ExecutorsApiException<TResult>
{
    /// <inheritdoc />
    public override ProblemDetails? ProblemDetails => Result as ProblemDetails;
}
