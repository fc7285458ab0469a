using Executors.Api.Authentication;
using Executors.Api.Security;
using Executors.Application.Executors.Queries.GetPerformanceReport;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>The executors' performance report (a literal route under /executors, so it never reaches /executors/{executor_id}).</summary>
[ApiController]
[Route("executors")]
[Authorize(Policy = ExecutorRoles.Reader)]
[OpenApiTags("Executors")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class ExecutorPerformanceController : ControllerBase
{
    private const string ControllerIdParameter = "controller_id";

    private readonly IMediator _mediator;
    private readonly UserRateLimiter _rateLimiter;

    public ExecutorPerformanceController(IMediator mediator, UserRateLimiter rateLimiter)
    {
        _mediator = mediator;
        _rateLimiter = rateLimiter;
    }

    /// <param name="controllerId">Only the executors of this controller (1–256 characters); every controller when absent.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("performance")]
    [OpenApiOperation(
        "GetPerformanceReport",
        "Get Performance Report",
        "Realized PnL (completed executors, those closed as POSITION_HOLD aside), unrealized PnL (active executors), " +
        "fees, volume, win rate, Sharpe ratio and a breakdown by executor type, of one controller's executors or all.")]
    [ProducesResponseType<PerformanceReportResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<PerformanceReportResponse> GetPerformanceReport(
        [FromQuery(Name = ControllerIdParameter)] string? controllerId,
        CancellationToken cancellationToken)
    {
        await _rateLimiter.ChargeAsync(HttpContext, UserRateLimiter.SummaryPermits);
        return await _mediator.Send(new GetPerformanceReportQuery(controllerId), cancellationToken);
    }
}
