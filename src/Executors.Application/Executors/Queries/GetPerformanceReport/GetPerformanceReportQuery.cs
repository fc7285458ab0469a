using MediatR;

namespace Executors.Application.Executors.Queries.GetPerformanceReport;

/// <summary>
/// The performance report of the executors the caller may see, of one controller when <paramref name="ControllerId"/>
/// is given: realized and unrealized PnL, fees, volume, win rate, Sharpe ratio, and a breakdown by executor type.
/// </summary>
public sealed record GetPerformanceReportQuery(string? ControllerId) : IRequest<PerformanceReportResponse>;
