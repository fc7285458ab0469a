using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries;

/// <summary>Counts over all executors, and the totals of the active ones.</summary>
public sealed record ExecutorStatistics(
    int TotalCount,
    int ActiveCount,
    decimal ActiveNetPnlQuote,
    decimal ActiveFilledAmountQuote,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByConnector,
    IReadOnlyDictionary<ExecutorStatus, int> ByStatus);
