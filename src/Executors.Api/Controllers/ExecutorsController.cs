using Executors.Api.Authentication;
using Executors.Api.Security;
using Executors.Application.Executors.Commands.AppendExecutorLogs;
using Executors.Application.Executors.Commands.CreateExecutor;
using Executors.Application.Executors.Commands.PutExecutor;
using Executors.Application.Executors.Commands.StopExecutor;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Executors.Queries.GetExecutorLogs;
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
// Every operation: too many failed sign-ins from this address or for this name, or this user's request rate exceeded.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class ExecutorsController : ControllerBase
{
    private readonly IMediator _mediator;
    private readonly UserRateLimiter _rateLimiter;

    public ExecutorsController(IMediator mediator, UserRateLimiter rateLimiter)
    {
        _mediator = mediator;
        _rateLimiter = rateLimiter;
    }

    /// <param name="executorId">The executor's id: 1–128 letters, digits and <c>._:-</c>.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("{executor_id:executorId}")]
    [OpenApiOperation("GetExecutor", "Get Executor", "Get detailed information about a specific executor.")]
    [ProducesResponseType<ExecutorDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> GetExecutor(
        [FromRoute(Name = "executor_id")] string executorId,
        CancellationToken cancellationToken)
    {
        var result = await _mediator.Send(new GetExecutorQuery(executorId), cancellationToken);
        return result.Found ? this.OkOrNotModified(result.Executor) : new NotFoundProblemResult(result.NotFoundDetail);
    }

    /// <param name="body">The account, the controller and the executor's configuration (its <c>type</c> and that type's fields).</param>
    /// <param name="idempotencyKey">Makes a retried create return the first answer instead of creating a second executor (1–255 visible ASCII characters, kept 24 hours per user).</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("")]
    [Authorize(Policy = ExecutorRoles.Writer)]
    [OpenApiOperation("CreateExecutor", "Create Executor", "Records a new executor, NOT_STARTED, under an id the service makes (44 base58 characters), for an engine to run. executor_config must carry its type (one of the eight executor types) and fit that type's model (GET /executors/types/{executor_type}/config); account_name defaults to master_account, controller_id to main. An Idempotency-Key makes a retry return the first answer (Idempotent-Replayed: true); the same key with a different request is a 409. Needs the writer role.")]
    [ProducesResponseType<CreateExecutorResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> CreateExecutor(
        [FromBody] CreateExecutorRequest body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var result = await _mediator.Send(new CreateExecutorCommand(body, idempotencyKey), cancellationToken);
        if (result.Replayed)
        {
            Response.Headers["Idempotent-Replayed"] = "true";
        }

        return CreatedAtAction(nameof(GetExecutor), new { executor_id = result.Executor.ExecutorId }, result.Executor);
    }

    /// <param name="executorId">The executor's id: 1–128 letters, digits and <c>._:-</c>.</param>
    /// <param name="state">The executor's whole current state.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPut("{executor_id:executorId}")]
    [Authorize(Policy = ExecutorRoles.Writer)]
    [OpenApiOperation("PutExecutor", "Report Executor State", "The trading engine reports an executor's whole current state: creates it (201) or replaces it (200); idempotent. If-Match makes it conditional (412 when stale). A TERMINATED executor is final and the status only moves forward (409 otherwise). Needs the writer role.")]
    [ProducesResponseType<ExecutorDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ExecutorDetailResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> PutExecutor(
        [FromRoute(Name = "executor_id")] string executorId,
        [FromBody] ExecutorStateRequest state,
        CancellationToken cancellationToken)
    {
        var result = await _mediator.Send(
new PutExecutorCommand(executorId, state, ExecutorETag.ConditionOf(Request)), cancellationToken);
        this.SetValidators(result.Executor);
        return result.Created
            ? CreatedAtAction(nameof(GetExecutor), new { executor_id = executorId }, result.Executor)
            : Ok(result.Executor);
    }

    /// <param name="executorId">The executor's id.</param>
    /// <param name="level">Only entries of this level: DEBUG, INFO, WARNING or ERROR.</param>
    /// <param name="limit">How many of the newest entries, 1–1000 (default 50).</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("{executor_id:executorId}/logs")]
    [OpenApiOperation("GetExecutorLogs", "Get Executor Logs", "The executor's newest log entries, newest last, optionally of one level, with the total kept.")]
    [ProducesResponseType<ExecutorLogsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<ExecutorLogsResponse> GetExecutorLogs(
        [FromRoute(Name = "executor_id")] string executorId,
        [FromQuery(Name = "level")] string? level,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken)
    {
        await _rateLimiter.ChargeRowsAsync(HttpContext, Math.Clamp(limit ?? GetExecutorLogsQuery.DefaultLimit, 1, GetExecutorLogsQuery.MaxLimit));
        return await _mediator.Send(new GetExecutorLogsQuery(executorId, level, limit), cancellationToken);
    }

    /// <param name="executorId">The executor's id.</param>
    /// <param name="body">The entries to append.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("{executor_id:executorId}/logs")]
    [Authorize(Policy = ExecutorRoles.Writer)]
    [OpenApiOperation("AppendExecutorLogs", "Append Executor Logs", "Appends log entries; ERROR entries count in error_count and set last_error. At most Logs:MaxEntriesPerExecutor entries are kept per executor, the oldest dropped. A TERMINATED executor's log is closed (409). Needs the writer role.")]
    [ProducesResponseType<AppendExecutorLogsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<AppendExecutorLogsResponse> AppendExecutorLogs(
        [FromRoute(Name = "executor_id")] string executorId,
        [FromBody] AppendExecutorLogsRequest body,
        CancellationToken cancellationToken)
    {
        await _rateLimiter.ChargeRowsAsync(HttpContext, Math.Min(body?.Entries?.Count ?? 0, AppendExecutorLogsRequest.MaxEntries));
        return await _mediator.Send(new AppendExecutorLogsCommand(executorId, body!), cancellationToken);
    }

    /// <param name="executorId">The executor's id.</param>
    /// <param name="body">Whether to keep the position open; <c>{}</c> closes it.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("{executor_id:executorId}/stop")]
    [Authorize(Policy = ExecutorRoles.Writer)]
    [OpenApiOperation("StopExecutor", "Stop Executor", "Asks for an active executor to be stopped: the request is recorded on the executor for the engine that runs it (keep_position: leave its position open, closed as POSITION_HOLD; otherwise close it first, EARLY_STOP). A NOT_STARTED executor, which no engine has yet, is closed at once: TERMINATED, EARLY_STOP, now. Idempotent: the same stop again answers the same and changes nothing; a different keep_position than the one recorded is refused (409). A closed executor answers 400 \"already closed\". Needs the writer role.")]
    [ProducesResponseType<StopExecutorResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<StopExecutorResponse> StopExecutor(
        [FromRoute(Name = "executor_id")] string executorId,
        [FromBody] StopExecutorRequest body,
        CancellationToken cancellationToken) =>
        _mediator.Send(new StopExecutorCommand(executorId, body), cancellationToken);

    /// <param name="query">Filters (each optional), the previous page's cursor and the page size.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("search")]
    [OpenApiOperation("SearchExecutors", "Search Executors", "Executors matching the filters, newest first, a page at a time (keyset pagination: pass the previous page's next_cursor as cursor).")]
    [ProducesResponseType<SearchExecutorsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<SearchExecutorsResponse> SearchExecutors([FromBody] SearchExecutorsQuery query, CancellationToken cancellationToken)
    {
        await _rateLimiter.ChargeRowsAsync(HttpContext, Math.Clamp(query?.EffectiveLimit ?? SearchExecutorsQuery.DefaultLimit, 1, SearchExecutorsQuery.MaxLimit));
        return await _mediator.Send(query!, cancellationToken);
    }

    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("summary")]
    [OpenApiOperation("GetExecutorsSummary", "Get Executors Summary", "Counts by type, connector and status, and the total PnL and volume of the active executors.")]
    [ProducesResponseType<ExecutorsSummaryResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<ExecutorsSummaryResponse> GetExecutorsSummary(CancellationToken cancellationToken)
    {
        await _rateLimiter.ChargeAsync(HttpContext, UserRateLimiter.SummaryPermits);
        return await _mediator.Send(new GetExecutorsSummaryQuery(), cancellationToken);
    }

    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("types/available")]
    [OpenApiOperation("GetAvailableExecutorTypes", "Get Available Executor Types", "The executor types, with a description and use case each.")]
    [ProducesResponseType<ExecutorTypesResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public Task<ExecutorTypesResponse> GetAvailableExecutorTypes(CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorTypesQuery(), cancellationToken);
}
