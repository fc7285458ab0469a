using Executors.Application.Executors.Queries.GetExecutor;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Controllers;

/// <summary>Executors: the records of the trading engine's executors.</summary>
[ApiController]
[Route("executors")]
[Authorize]
[Produces("application/json")]
public sealed class ExecutorsController : ControllerBase
{
    private readonly IMediator _mediator;

    public ExecutorsController(IMediator mediator)
    {
        _mediator = mediator;
    }

    /// <summary>Get Executor</summary>
    /// <remarks>Get detailed information about a specific executor.</remarks>
    /// <param name="executorId">The executor's id: 1–128 letters, digits and <c>._:-</c>.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("{executor_id}")]
    [ProducesResponseType<ExecutorDetailResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<ExecutorDetailResponse> GetExecutor(
        [FromRoute(Name = "executor_id")] string executorId,
        CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorQuery(executorId), cancellationToken);
}
