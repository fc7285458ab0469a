using Executors.Api.Authentication;
using Executors.Application.LiveUpdates;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NSwag.Annotations;

namespace Executors.Api.Controllers;

/// <summary>Tickets for the stream routes, for clients that cannot send an Authorization header (a browser).</summary>
[ApiController]
[Route("streams")]
[OpenApiTag("Streams", Description = "Live updates: tickets for the Server-Sent Events and WebSocket streams (docs/streams.md).")]
[Authorize(Policy = ExecutorRoles.Reader)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public sealed class StreamTicketsController : ControllerBase
{
    private readonly IMediator _mediator;

    public StreamTicketsController(IMediator mediator)
    {
        _mediator = mediator;
    }

    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("tickets")]
    [OpenApiOperation("IssueStreamTicket", "Issue Stream Ticket", "A ticket that authenticates one stream as the caller: pass it as ?ticket= to GET /events/… or /ws/executors. It works once, within LiveUpdates:TicketLifetime (30 seconds by default), on any API process of the same database. Needs the reader role.")]
    [ProducesResponseType<StreamTicketResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> IssueStreamTicket(CancellationToken cancellationToken)
    {
        var ticket = await _mediator.Send(new IssueStreamTicketCommand(), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, ticket);
    }
}
