using Executors.Api.Authentication;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Executors.Queries.GetExecutorsSummary;
using Executors.Application.Executors.Queries.GetExecutorTypes;
using Executors.Application.Executors.Queries.SearchExecutors;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>Executors: the records of the trading engine's executors.</summary>
[ApiController]
[Route("executors")]
[Authorize(Policy = ExecutorRoles.Reader)]
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

    /// <param name="query">Filters (each optional), the previous page's cursor and the page size.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("search")]
    [OpenApiOperation("SearchExecutors", "Search Executors", "Executors matching the filters, newest first, a page at a time (keyset pagination: pass the previous page's next_cursor as cursor).")]
    [ProducesResponseType<SearchExecutorsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<SearchExecutorsResponse> SearchExecutors([FromBody] SearchExecutorsQuery query, CancellationToken cancellationToken) =>
        _mediator.Send(query, cancellationToken);

    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("summary")]
    [OpenApiOperation("GetExecutorsSummary", "Get Executors Summary", "Counts by type, connector and status, and the total PnL and volume of the active executors.")]
    [ProducesResponseType<ExecutorsSummaryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<ExecutorsSummaryResponse> GetExecutorsSummary(CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorsSummaryQuery(), cancellationToken);

    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("types/available")]
    [OpenApiOperation("GetAvailableExecutorTypes", "Get Available Executor Types", "The executor types, with a description and use case each.")]
    [ProducesResponseType<ExecutorTypesResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public Task<ExecutorTypesResponse> GetAvailableExecutorTypes(CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorTypesQuery(), cancellationToken);
}
