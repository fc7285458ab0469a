using System.Text.Json.Serialization;
using Executors.Application.Common.Persistence;
using MediatR;

namespace Executors.Application.Engines;

/// <summary>The body of a claim: how many executors the engine takes on at most.</summary>
public sealed record ClaimExecutorsRequest
{
    public const int MaxLimit = 100;

    /// <summary>1–100 (default 10)</summary>
    [JsonPropertyName("limit")]
    public int? Limit { get; init; }
}

/// <summary>An engine claims executors no engine holds.</summary>
public sealed record ClaimExecutorsCommand(string EngineId, int Limit) : ICommand<EngineExecutorsResponse>;

/// <summary>An engine's heartbeat: every lease it holds runs on.</summary>
public sealed record RenewLeasesCommand(string EngineId) : ICommand<EngineExecutorsResponse>;

/// <summary>The executors an engine holds, e.g. to resume them after its own restart.</summary>
public sealed record GetEngineExecutorsQuery(string EngineId) : IRequest<EngineExecutorsResponse>;
