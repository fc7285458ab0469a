using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>
/// The start-up failures an operator causes and fixes in configuration, as one line each for standard error instead of
/// an unhandled-exception dump: settings that fail validation (no users, a user without accounts, a hash the API does
/// not take, …) and an HTTPS endpoint without a certificate. Anything else is a fault of the program and keeps its
/// stack trace.
/// </summary>
internal static class StartupFailure
{
    /// <summary>The exit code of a start refused for its configuration (sysexits' EX_CONFIG).</summary>
    public const int ExitCode = 78;

    public const string Prefix = "Executors API did not start: ";

    /// <summary>
    /// The certificate line. Kestrel's own message points at <c>dotnet dev-certs</c>, a developer's tool that a server
    /// should not use; a server gives Kestrel its certificate in configuration.
    /// </summary>
    public const string NoCertificate =
        "an HTTPS endpoint is configured but no certificate is: set Kestrel:Certificates:Default:Path to a PEM (or .pfx) " +
        "certificate, with Kestrel:Certificates:Default:KeyPath for its PEM key (or :Password for a .pfx), or serve plain " +
        "HTTP only (ASPNETCORE_URLS=http://…) behind a proxy that terminates TLS.";

    /// <summary>True when this program is the process (<c>dotnet Executors.Api.dll</c>), not a test host running its entry point.</summary>
    public static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    /// <summary>The line to print for <paramref name="exception"/>, or null when it is not a configuration failure.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => Prefix + string.Join(" ", validation.Failures.Select(Sentence)),

        // Kestrel's NoCertSpecifiedNoDevelopmentCertificateFound; it has no type of its own, only this message.
        InvalidOperationException invalid when invalid.Message.Contains("No server certificate was specified", StringComparison.Ordinal) =>
            Prefix + NoCertificate,

        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => null,
    };

    /// <summary>Writes the line for <paramref name="exception"/> and returns the exit code; null when it has no line.</summary>
    public static int? Report(Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Describe(exception) is not { } line)
        {
            return null;
        }

        error.WriteLine(line);
        return ExitCode;
    }

    private static string Sentence(string failure)
    {
        var trimmed = failure.Trim();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }
}
