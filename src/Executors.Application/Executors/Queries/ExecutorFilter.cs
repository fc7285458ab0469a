using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>Which executors a list shows; an empty or missing list means "any".</summary>
public sealed record ExecutorFilter
{
    public IReadOnlyList<string> AccountNames { get; init; } = [];

    public IReadOnlyList<string> ConnectorNames { get; init; } = [];

    public IReadOnlyList<string> TradingPairs { get; init; } = [];

    public IReadOnlyList<string> ExecutorTypes { get; init; } = [];

    public IReadOnlyList<string> ControllerIds { get; init; } = [];

    public ExecutorStatus? Status { get; init; }
}
