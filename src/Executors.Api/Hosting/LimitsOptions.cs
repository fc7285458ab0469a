using System.ComponentModel.DataAnnotations;
using Executors.Application.Executors.Commands.PutExecutor;

namespace Executors.Api.Hosting;

/// <summary>
/// The <c>Limits</c> configuration section: how much a client may send and how long a request may take. The app's own
/// limits answer with problem details; Kestrel's hard limits sit above them as a backstop (see
/// <see cref="RequestLimits"/>).
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Larger request bodies are refused with 413 before they are read: 2 × 64 KB of JSON plus the record fits.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Request targets (path and query as sent) longer than this are refused with 414.</summary>
    [Range(256, 64 * 1024)]
    public int MaxUrlLength { get; set; } = 2048;

    /// <summary>Request headers larger than this in total (names and values) are refused with 431.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>Requests with more header fields than this are refused with 431.</summary>
    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>
    /// How deeply a JSON body may nest. At least one more than the executor's <c>config</c>/<c>custom_info</c> may nest
    /// (the body's own object), so that every body the validation admits can be read.
    /// </summary>
    [Range(ExecutorStateRequest.MaxJsonObjectDepth + 1, 256)]
    public int MaxJsonDepth { get; set; } = 40;

    /// <summary>Requests still running after this are cancelled and answered 504.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
