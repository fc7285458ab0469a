namespace Executors.SampleEngine;

/// <summary>The engine's settings, section <c>Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>
    /// The engine's name towards the API (1–128 letters, digits and <c>._:-</c>). Keep it stable: after a restart the
    /// engine finds the executors it held under this id.
    /// </summary>
    public string EngineId { get; set; } = "sample-engine-1";

    /// <summary>The API's <c>Engines:LeaseDuration</c>: the engine heartbeats every third of it unless told otherwise.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the engine heartbeats, claims and ticks its executors; default a third of the lease.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>How many executors one claim asks for (1–100).</summary>
    public int ClaimLimit { get; set; } = 10;

    /// <summary>After this many ticks an executor closes by itself (TAKE_PROFIT or STOP_LOSS by its PnL); 0: never.</summary>
    public int CloseAfterTicks { get; set; } = 120;

    /// <summary>Every this many ticks an executor appends a log entry (besides start and close); 0: only those.</summary>
    public int LogEveryTicks { get; set; } = 10;

    /// <summary>The quote amount an executor trades when its config names none.</summary>
    public decimal DefaultAmountQuote { get; set; } = 100m;

    /// <summary>The simulated taker fee, as a fraction of the traded quote amount.</summary>
    public decimal FeeRate { get; set; } = 0.001m;

    /// <summary>
    /// Listen to the API's stop stream (<c>GET /events/engines/{engine_id}</c>) and close a stopped executor at once;
    /// the pass still reads the stops from the held list, so a lost stream only delays a stop to the next pass.
    /// </summary>
    public bool PushedStops { get; set; } = true;

    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? LeaseDuration / 3;
}
