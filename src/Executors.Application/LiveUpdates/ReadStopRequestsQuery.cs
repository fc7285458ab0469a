using Executors.Application.Common.Security;
using Executors.Application.Common.Validation;
using FluentValidation;
using MediatR;

namespace Executors.Application.LiveUpdates;

/// <summary>
/// One read of an engine's stop-request stream: the stops pending on the executors the engine holds (within the
/// caller's accounts). <see cref="LastEventId"/> is only checked: the set is small and a lease that moved to this engine
/// does not mark its executor as written, so every read returns all of them and the stream leaves out what it sent.
/// </summary>
public sealed record ReadStopRequestsQuery(string EngineId, string? LastEventId) : IRequest<StopRequestBatch>;

/// <summary>The pending stop requests one read found, and its mark (the events' id).</summary>
public sealed record StopRequestBatch(string Mark, IReadOnlyList<StopRequestedEvent> StopRequests);

internal sealed class ReadStopRequestsQueryHandler : IRequestHandler<ReadStopRequestsQuery, StopRequestBatch>
{
    private readonly IExecutorEventReads _reads;
    private readonly ICurrentUser _user;

    public ReadStopRequestsQueryHandler(IExecutorEventReads reads, ICurrentUser user)
    {
        _reads = reads;
        _user = user;
    }

    public async Task<StopRequestBatch> Handle(ReadStopRequestsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await _reads.ReadStopRequestsAsync(request.EngineId, _user.Accounts, cancellationToken);
        return new StopRequestBatch(StreamMark.Format(read.Mark), read.Rows);
    }
}

internal sealed class ReadStopRequestsQueryValidator : AbstractValidator<ReadStopRequestsQuery>
{
    public ReadStopRequestsQueryValidator()
    {
        RuleFor(query => query.EngineId).ValidEngineId();
        RuleFor(query => query.LastEventId)
            .Must(since => since is null || StreamMark.TryParse(since, out _))
            .WithMessage($"{StreamMark.Field} must be the id of an event this API sent (a whole number).")
            .OverridePropertyName(StreamMark.Field);
    }
}
