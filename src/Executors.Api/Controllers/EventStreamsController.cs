using Executors.Api.Authentication;
using Executors.Api.LiveUpdates;
using Executors.Application.LiveUpdates;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;

namespace Executors.Api.Controllers;

/// <summary>
/// Server-Sent Events (<c>text/event-stream</c>) for curl and browsers: one executor, a filter, or an engine's stop
/// requests, pushed as they change and resumable with Last-Event-ID (docs/streams.md). Authenticated by the Basic header
/// or a ticket (?ticket=). Not in the OpenAPI document: a generated client cannot read a stream.
/// </summary>
[ApiController]
[Route("events")]
[ApiExplorerSettings(IgnoreApi = true)]
[Authorize(Policy = ExecutorRoles.Reader, AuthenticationSchemes = StreamAuthentication.SchemeName)]
[DisableRequestTimeout]
public sealed class EventStreamsController : ControllerBase
{
    private readonly IMediator _mediator;

    public EventStreamsController(IMediator mediator)
    {
        _mediator = mediator;
    }

    private ServerSentEvents Events => HttpContext.RequestServices.GetRequiredService<ServerSentEvents>();

    [HttpGet("executors/{executor_id}")]
    public async Task<EmptyResult> StreamExecutor(
        [FromRoute(Name = "executor_id")] string executorId,
        [FromHeader(Name = ServerSentEvents.LastEventIdHeader)] string? lastEventId)
    {
        await Events.StreamExecutorsAsync(HttpContext, _mediator, new ReadExecutorEventsQuery(executorId, new ExecutorEventFilter(), lastEventId, First: true));
        return new EmptyResult();
    }

    [HttpGet("executors")]
    public async Task<EmptyResult> StreamExecutors(
        [FromQuery(Name = "account_name")] string? accountName,
        [FromQuery(Name = "connector_name")] string? connectorName,
        [FromQuery(Name = "trading_pair")] string? tradingPair,
        [FromQuery(Name = "executor_type")] string? executorType,
        [FromQuery(Name = "status")] string? status,
        [FromQuery(Name = "controller_id")] string? controllerId,
        [FromHeader(Name = ServerSentEvents.LastEventIdHeader)] string? lastEventId)
    {
        var filter = new ExecutorEventFilter
        {
            AccountName = accountName,
            ConnectorName = connectorName,
            TradingPair = tradingPair,
            ExecutorType = executorType,
            Status = status,
            ControllerId = controllerId,
        };
        await Events.StreamExecutorsAsync(HttpContext, _mediator, new ReadExecutorEventsQuery(null, filter, lastEventId, First: true));
        return new EmptyResult();
    }

    [HttpGet("engines/{engine_id}")]
    [Authorize(Policy = ExecutorRoles.Writer, AuthenticationSchemes = StreamAuthentication.SchemeName)]
    public async Task<EmptyResult> StreamStopRequests(
        [FromRoute(Name = "engine_id")] string engineId,
        [FromHeader(Name = ServerSentEvents.LastEventIdHeader)] string? lastEventId)
    {
        await Events.StreamStopRequestsAsync(HttpContext, _mediator, new ReadStopRequestsQuery(engineId, lastEventId));
        return new EmptyResult();
    }
}
