using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Executors.Api.Logging;

/// <summary>
/// Masks the values of credential-like query parameters (<c>token</c>, <c>password</c>, <c>ticket</c>, ...) in every
/// logged string property, e.g. the host's "Request starting … /ws/executors?token=…" event: the WebSocket clients of
/// the original service send <c>?token=base64(user:pass)</c>, and a password must never reach a log line even though
/// this service ignores it.
/// </summary>
internal sealed partial class QueryCredentialRedaction : ILogEventEnricher
{
    public const string Mask = "***";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        List<LogEventProperty>? redacted = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && text.Contains('=', StringComparison.Ordinal) && Redact(text) is var masked && !ReferenceEquals(masked, text))
            {
                (redacted ??= []).Add(new LogEventProperty(name, new ScalarValue(masked)));
            }
        }

        foreach (var property in redacted ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The text with credential parameters' values masked; the same instance when there is none.</summary>
    internal static string Redact(string text)
    {
        var masked = CredentialParameter().Replace(text, match => match.Groups["name"].Value + "=" + Mask);
        return string.Equals(masked, text, StringComparison.Ordinal) ? text : masked;
    }

    [GeneratedRegex(@"(?<name>(?<=^|[?&;\s])(token|password|passwd|pwd|ticket|username|access_token|api_key|apikey))=[^&#\s]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialParameter();
}
