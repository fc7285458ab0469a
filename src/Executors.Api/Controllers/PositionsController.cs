using Executors.Api.Authentication;
using Executors.Api.Security;
using Executors.Application.Positions;
using Executors.Application.Positions.Commands.ClearPositionHeld;
using Executors.Application.Positions.Queries.GetPositionHeld;
using Executors.Application.Positions.Queries.GetPositionsSummary;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>
/// Position holds: what executors closed with POSITION_HOLD (stopped with keep_position) left open, per account,
/// connector, trading pair and controller. They are made by the executors' terminal reports (PUT /executors/{id}); these
/// routes read and clear them. Positions of accounts outside the caller's do not exist for it.
/// </summary>
[ApiController]
[Route("executors/positions")]
// One tag, as the original's one executors router: the routes sit beside the executor routes in the document and client.
// A tag attribute on any controller stops NSwag taking the tag's description from the controller summary, so it is
// written here: ExecutorsController's summary.
[OpenApiTag("Executors", Description = "Executors: the records of the trading engine's executors.")]
[Authorize(Policy = ExecutorRoles.Reader)]
// Every operation: too many failed sign-ins from this address or for this name, or this user's request rate exceeded.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class PositionsController : ControllerBase
{
    private readonly IMediator _mediator;
    private readonly UserRateLimiter _rateLimiter;

    public PositionsController(IMediator mediator, UserRateLimiter rateLimiter)
    {
        _mediator = mediator;
        _rateLimiter = rateLimiter;
    }

    [HttpGet("summary")]
    [OpenApiOperation("GetPositionsSummary", "Get Positions Summary", "The position holds that have volume (something bought or sold still open), optionally of one controller, with their total realized PnL. Unrealized PnL is null: this service holds no market prices.")]
    [ProducesResponseType<PositionsSummaryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<PositionsSummaryResponse> GetPositionsSummary(
        [FromQuery(Name = "controller_id")] string? controllerId,
        CancellationToken cancellationToken)
    {
        var summary = await _mediator.Send(new GetPositionsSummaryQuery(controllerId), cancellationToken);

        // Charged by the rows answered, as a search is: how many there are is known only once they are read.
        await _rateLimiter.ChargeRowsAsync(HttpContext, summary.Positions.Count);
        return summary;
    }

    [HttpGet("{connector_name}/{trading_pair}")]
    [OpenApiOperation("GetPositionHeld", "Get Position Held", "The position hold of a connector and trading pair for an account (default master_account) and controller (default main), with its breakeven prices, matched and open volume and realized PnL.")]
    [ProducesResponseType<PositionHoldResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<PositionHoldResponse> GetPositionHeld(
        [FromRoute(Name = "connector_name")] string connectorName,
        [FromRoute(Name = "trading_pair")] string tradingPair,
        [FromQuery(Name = "account_name")] string? accountName,
        [FromQuery(Name = "controller_id")] string? controllerId,
        CancellationToken cancellationToken) =>
        _mediator.Send(new GetPositionHeldQuery(connectorName, tradingPair, accountName, controllerId), cancellationToken);

    [HttpDelete("{connector_name}/{trading_pair}")]
    [Authorize(Policy = ExecutorRoles.Writer)]
    [OpenApiOperation("ClearPositionHeld", "Clear Position Held", "Removes a position hold (after the position was closed by hand): the next executor closed with POSITION_HOLD on it starts a fresh one. Account default master_account, controller default main. Needs the writer role.")]
    [ProducesResponseType<ClearPositionHeldResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<ClearPositionHeldResponse> ClearPositionHeld(
        [FromRoute(Name = "connector_name")] string connectorName,
        [FromRoute(Name = "trading_pair")] string tradingPair,
        [FromQuery(Name = "account_name")] string? accountName,
        [FromQuery(Name = "controller_id")] string? controllerId,
        CancellationToken cancellationToken) =>
        _mediator.Send(new ClearPositionHeldCommand(connectorName, tradingPair, accountName, controllerId), cancellationToken);
}
