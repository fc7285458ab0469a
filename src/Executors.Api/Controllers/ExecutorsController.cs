using Executors.Application.Executors.Queries.GetExecutor;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>Executors: the records of the trading engine's executors.</summary>
[ApiController]
[Route("executors")]
[Authorize]
public sealed class ExecutorsController : ControllerBase
{
    private readonly IMediator _mediator;

    public ExecutorsController(IMediator mediator)
    {
        _mediator = mediator;
    }

    /// <param name="executorId">The executor's id: 1–128 letters, digits and <c>._:-</c>.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("{executor_id}")]
    [OpenApiOperation("GetExecutor", "Get Executor", "Get detailed information about a specific executor.")]
    [ProducesResponseType<ExecutorDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<ExecutorDetailResponse> GetExecutor(
        [FromRoute(Name = "executor_id")] string executorId,
        CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorQuery(executorId), cancellationToken);
}
