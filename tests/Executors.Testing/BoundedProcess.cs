using System.Diagnostics;

namespace Executors.Testing;

/// <summary>
/// Runs a process of a test's (the published API, a script) to its end within a bound: standard input written and
/// closed, both outputs read concurrently (so a full pipe never stalls it), and the whole tree killed when it overruns.
/// </summary>
public static class BoundedProcess
{
    /// <summary>Starts <paramref name="start"/> (its redirections are set here) and returns its exit code and outputs.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="bound"/>; the message holds what it printed.</exception>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        ProcessStartInfo start, TimeSpan bound, string? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} did not exit within {bound}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
