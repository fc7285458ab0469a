using System.ComponentModel.DataAnnotations;

namespace Executors.Api.LiveUpdates;

/// <summary>The live channels' settings (section <c>LiveUpdates</c>): the WebSocket <c>/ws/executors</c> and, later, SSE.</summary>
public sealed class LiveUpdatesOptions
{
    public const string SectionName = "LiveUpdates";

    /// <summary>How often a <c>heartbeat</c> message is sent on an open WebSocket.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "LiveUpdates:HeartbeatInterval must be between 00:00:00.010 and 01:00:00.")]
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The keep-alive of an idle live connection, shared with SSE (<see cref="EventStreamOptions.KeepAliveInterval"/>
    /// binds the same key, for its comment line): here the WebSocket protocol's ping frames, so idle proxies and NATs
    /// keep the connection.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "LiveUpdates:KeepAliveInterval must be between 00:00:00.010 and 01:00:00.")]
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Live connections (WebSocket and SSE together) one user may hold at once.</summary>
    [Range(1, 100_000, ErrorMessage = "LiveUpdates:MaxConnectionsPerUser must be between 1 and 100000.")]
    public int MaxConnectionsPerUser { get; init; } = 16;

    /// <summary>Subscriptions one WebSocket connection may hold at once.</summary>
    [Range(1, 10_000, ErrorMessage = "LiveUpdates:MaxSubscriptionsPerConnection must be between 1 and 10000.")]
    public int MaxSubscriptionsPerConnection { get; init; } = 32;

    /// <summary>Messages waiting to be sent on one connection at most; one more and the subscriber is closed (4008).</summary>
    [Range(1, 100_000, ErrorMessage = "LiveUpdates:SendQueueCapacity must be between 1 and 100000.")]
    public int SendQueueCapacity { get; init; } = 64;

    /// <summary>How long one message may take to reach the client before the subscriber is closed as too slow.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "LiveUpdates:SendTimeout must be between 00:00:00.010 and 00:10:00.")]
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
