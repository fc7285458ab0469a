using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>How many executors there are in all; how many are active, their totals and their counts by type, connector and status.</summary>
public sealed record ExecutorStatistics(
    int TotalCount,
    int ActiveCount,
    decimal ActiveNetPnlQuote,
    decimal ActiveFilledAmountQuote,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByConnector,
    IReadOnlyDictionary<ExecutorStatus, int> ByStatus);
