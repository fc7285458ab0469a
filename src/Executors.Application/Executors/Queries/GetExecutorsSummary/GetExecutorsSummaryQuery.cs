using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorsSummary;

/// <summary>Counts by type, connector and status; total PnL and filled volume of the active executors.</summary>
public sealed record GetExecutorsSummaryQuery : IRequest<ExecutorsSummaryResponse>;
