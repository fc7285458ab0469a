using Executors.Api.Authentication;
using Executors.Api.Security;
using Executors.Application.Engines.LeaseState;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>The engines as operators see them: which hold executors, and which stopped reporting.</summary>
[ApiController]
[Route("engines")]
[Authorize(Policy = ExecutorRoles.Reader)]
[OpenApiTags("Engines")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class EngineListController : ControllerBase
{
    private readonly IMediator _mediator;
    private readonly UserRateLimiter _rateLimiter;

    public EngineListController(IMediator mediator, UserRateLimiter rateLimiter)
    {
        _mediator = mediator;
        _rateLimiter = rateLimiter;
    }

    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("")]
    [OpenApiOperation(
        "ListEngines",
        "List Engines",
        "The engines holding active (not TERMINATED) executors of the caller's accounts, by engine id: how many, how many of " +
        "their leases ran out (expired_executors: the engine stopped reporting for them) and the latest lease expiry (in the " +
        "past: the engine stopped reporting altogether). Needs the reader role.")]
    [ProducesResponseType<IReadOnlyList<EngineLeasesResponse>>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IReadOnlyList<EngineLeasesResponse>> ListEngines(CancellationToken cancellationToken)
    {
        // An aggregate over every active executor of the caller's accounts, as the summary is: charged as the summary.
        await _rateLimiter.ChargeAsync(HttpContext, UserRateLimiter.SummaryPermits);
        return await _mediator.Send(new ListEnginesQuery(), cancellationToken);
    }
}
