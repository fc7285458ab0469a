using System.Diagnostics.Metrics;
using Executors.Api.Authentication;
using Executors.Api.LiveUpdates;

namespace Executors.Api.Observability;

/// <summary>
/// The web layer's own instruments on the service's meter <see cref="MeterName"/>: rate-limit rejections, the hashing
/// queue and the open live connections. (Authentication failures and throttles are on
/// <see cref="CredentialVerifier.MeterName"/>, next to the code that counts them.)
/// </summary>
public sealed class ApiMetrics
{
    /// <summary>The service's own meter; the persistence side's instruments (cache, executors by status) share it.</summary>
    public const string MeterName = "Executors.Api";

    private readonly Counter<long> _rateLimitRejections;

    internal ApiMetrics(IMeterFactory meters, PasswordCheckGate gate, LiveConnectionLimiter liveConnections)
    {
        var meter = meters.Create(MeterName);
        _rateLimitRejections = meter.CreateCounter<long>("executors.rate_limit.rejections",
            description: "Requests answered 429 by the per-user rate limit: on entry, or for what the request costs.");
        meter.CreateObservableGauge("executors.authentication.hashing_queue", () => gate.Waiting, unit: "{sign-in}",
            description: "Sign-ins waiting for a password-hashing slot.");
        meter.CreateObservableGauge("executors.live.connections", () => liveConnections.TotalOpen, unit: "{connection}",
            description: "Open WebSocket and server-sent-event connections.");
    }

    /// <summary>One 429; <paramref name="kind"/> is <c>entry</c> or <c>cost</c>.</summary>
    public void RateLimitRejected(string kind) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
