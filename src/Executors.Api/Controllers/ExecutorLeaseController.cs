using Executors.Api.Authentication;
using Executors.Application.Engines.LeaseState;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>Who runs an executor: its engine's lease, and whether that engine still reports.</summary>
[ApiController]
[Route("executors")]
[Authorize(Policy = ExecutorRoles.Reader)]
[OpenApiTags("Executors")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class ExecutorLeaseController : ControllerBase
{
    private readonly IMediator _mediator;

    public ExecutorLeaseController(IMediator mediator)
    {
        _mediator = mediator;
    }

    /// <param name="executorId">The executor's id: 1–128 letters, digits and <c>._:-</c>.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("{executor_id:executorId}/lease")]
    [OpenApiOperation(
        "GetExecutorLease",
        "Get Executor Lease",
        "Whether an engine runs the executor: held (its engine heartbeats within Engines:LeaseDuration), expired (its engine " +
        "stopped reporting; another engine may claim it) or unclaimed (NOT_STARTED and not yet claimed, or TERMINATED — the last " +
        "engine's lease is then shown for the record). An executor of another account is not found, as with GET /executors/{executor_id}.")]
    [ProducesResponseType<ExecutorLeaseResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<ExecutorLeaseResponse> GetExecutorLease([FromRoute(Name = "executor_id")] string executorId, CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorLeaseQuery(executorId), cancellationToken);
}
