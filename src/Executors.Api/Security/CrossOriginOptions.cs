namespace Executors.Api.Security;

/// <summary>The <c>Cors</c> configuration section: which browser origins may call the API.</summary>
public sealed class CrossOriginOptions
{
    public const string SectionName = "Cors";

    /// <summary>Origins (<c>https://app.example.com</c>) whose pages may call the API; empty: none.</summary>
    public IList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The origins as CORS compares them: blank entries dropped, no surrounding spaces or trailing slash.</summary>
    internal string[] Origins =>
        [.. AllowedOrigins.Where(origin => !string.IsNullOrWhiteSpace(origin)).Select(origin => origin.Trim().TrimEnd('/'))];
}
