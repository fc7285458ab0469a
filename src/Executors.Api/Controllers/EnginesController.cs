using Executors.Api.Authentication;
using Executors.Api.Security;
using Executors.Application.Engines;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>
/// The trading engines' side (internal services, through the generated client): an engine claims executors no engine
/// holds, keeps its leases alive with a heartbeat, and after its own restart lists what it holds to resume it. It
/// reports their state with PUT /executors/{executor_id} and their logs as before.
/// </summary>
[ApiController]
[Route("engines/{engine_id}")]
[OpenApiTag("Engines", Description = "The trading engines' side: claims, leases and heartbeats (internal services).")]
[Authorize(Policy = ExecutorRoles.Writer)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class EnginesController : ControllerBase
{
    private readonly IMediator _mediator;
    private readonly UserRateLimiter _rateLimiter;

    public EnginesController(IMediator mediator, UserRateLimiter rateLimiter)
    {
        _mediator = mediator;
        _rateLimiter = rateLimiter;
    }

    /// <param name="engineId">The engine's own stable name (1–128 letters, digits and <c>._:-</c>): the same after its restart.</param>
    /// <param name="body">How many executors it takes on at most (default 10).</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("claims")]
    [OpenApiOperation("ClaimExecutors", "Claim Executors", "Leases to this engine up to `limit` executors no engine holds — NOT_STARTED ones never claimed, and any not TERMINATED whose lease has run out (its engine stopped heartbeating) — oldest first. Two engines claiming at once never get the same executor. Needs the writer role.")]
    [ProducesResponseType<EngineExecutorsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<EngineExecutorsResponse> ClaimExecutors(
        [FromRoute(Name = "engine_id")] string engineId,
        [FromBody] ClaimExecutorsRequest body,
        CancellationToken cancellationToken)
    {
        var limit = body?.Limit ?? 10;
        await _rateLimiter.ChargeRowsAsync(HttpContext, Math.Clamp(limit, 1, ClaimExecutorsRequest.MaxLimit));
        return await _mediator.Send(new ClaimExecutorsCommand(engineId, limit), cancellationToken);
    }

    /// <param name="engineId">The engine's own stable name.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("heartbeat")]
    [OpenApiOperation("RenewLeases", "Engine Heartbeat", "Extends every lease this engine holds by Engines:LeaseDuration (also run-out ones no other engine has taken) and answers what it holds. Needs the writer role.")]
    [ProducesResponseType<EngineExecutorsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<EngineExecutorsResponse> RenewLeases([FromRoute(Name = "engine_id")] string engineId, CancellationToken cancellationToken) =>
        _mediator.Send(new RenewLeasesCommand(engineId), cancellationToken);

    /// <param name="engineId">The engine's own stable name.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("executors")]
    [OpenApiOperation("GetEngineExecutors", "Get Engine Executors", "The executors (not TERMINATED) this engine holds, with their leases: what it resumes after its own restart. A run-out lease is shown as such (lease_expired). Needs the writer role.")]
    [ProducesResponseType<EngineExecutorsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<EngineExecutorsResponse> GetEngineExecutors([FromRoute(Name = "engine_id")] string engineId, CancellationToken cancellationToken) =>
        _mediator.Send(new GetEngineExecutorsQuery(engineId), cancellationToken);
}
