using Executors.Api.Authentication;
using Executors.Application.Executors.Queries.GetExecutorConfigSchema;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>The configuration each executor type takes: the catalogue that also checks reported configs.</summary>
[ApiController]
[Route("executors/types")]
[Authorize(Policy = ExecutorRoles.Reader)]
// The one tag of every executor route. A tag attribute replaces what NSwag derives from ExecutorsController's summary
// (whichever controller it meets first wins), so it carries that same description.
[OpenApiTag("Executors", Description = "Executors: the records of the trading engine's executors.")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class ExecutorConfigSchemaController : ControllerBase
{
    private readonly IMediator _mediator;

    public ExecutorConfigSchemaController(IMediator mediator) => _mediator = mediator;

    /// <param name="executorType">One of the eight executor types, e.g. position_executor.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpGet("{executor_type}/config")]
    [OpenApiOperation("GetExecutorConfigSchema", "Get Executor Config Schema", "The configuration fields of an executor type as Hummingbot's config model defines them: each field's name, whether it is required, its JSON type, description and default, enum values, and the nested models and enums it uses. A reported config is checked against the same fields.")]
    [ProducesResponseType<ExecutorConfigSchemaResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<ExecutorConfigSchemaResponse> GetExecutorConfigSchema(
        [FromRoute(Name = "executor_type")] string executorType,
        CancellationToken cancellationToken) =>
        _mediator.Send(new GetExecutorConfigSchemaQuery(executorType), cancellationToken);
}
