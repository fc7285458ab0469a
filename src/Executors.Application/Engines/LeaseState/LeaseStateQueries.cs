using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Application.Common.Validation;
using Executors.Domain.Executors;
using FluentValidation;
using MediatR;

namespace Executors.Application.Engines.LeaseState;

/// <summary>The lease of one executor: is an engine running it, and does that engine still report?</summary>
public sealed record GetExecutorLeaseQuery(string ExecutorId) : IRequest<ExecutorLeaseResponse>;

/// <summary>The engines holding active executors in the caller's accounts, with how many of their leases ran out.</summary>
public sealed record ListEnginesQuery : IRequest<IReadOnlyList<EngineLeasesResponse>>;

internal sealed class LeaseStateQueryHandlers :
    IRequestHandler<GetExecutorLeaseQuery, ExecutorLeaseResponse>,
    IRequestHandler<ListEnginesQuery, IReadOnlyList<EngineLeasesResponse>>
{
    private readonly ILeaseReadStore _leases;
    private readonly ICurrentUser _user;
    private readonly TimeProvider _clock;

    public LeaseStateQueryHandlers(ILeaseReadStore leases, ICurrentUser user, TimeProvider clock)
    {
        _leases = leases;
        _user = user;
        _clock = clock;
    }

    public async Task<ExecutorLeaseResponse> Handle(GetExecutorLeaseQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Another account's executor is "not found", as GET /executors/{executor_id} answers it.
        var lease = await _leases.FindAsync(request.ExecutorId, _user.Accounts, cancellationToken)
            ?? throw new NotFoundException("Executor", request.ExecutorId);
        return new ExecutorLeaseResponse
        {
            ExecutorId = lease.ExecutorId,
            State = StateOf(lease, _clock.GetUtcNow()),
            EngineId = lease.EngineId,
            ClaimedAt = lease.ClaimedAt,
            LeaseExpiresAt = lease.LeaseExpiresAt,
        };
    }

    public async Task<IReadOnlyList<EngineLeasesResponse>> Handle(ListEnginesQuery request, CancellationToken cancellationToken)
    {
        var engines = await _leases.EnginesAsync(_user.Accounts, _clock.GetUtcNow(), cancellationToken);
        return [.. engines.Select(engine => new EngineLeasesResponse
        {
            EngineId = engine.EngineId,
            Executors = engine.Executors,
            ExpiredExecutors = engine.ExpiredExecutors,
            LeaseExpiresAt = engine.LatestExpiry,
        })];
    }

    /// <summary>A TERMINATED executor is held by nobody (heartbeats no longer renew it, and it cannot be claimed).</summary>
    private static string StateOf(ExecutorLeaseView lease, DateTimeOffset now) =>
        lease.Status == ExecutorStatus.Terminated || lease.LeaseExpiresAt is not { } expires
            ? ExecutorLeaseResponse.Unclaimed
            : expires <= now ? ExecutorLeaseResponse.Expired : ExecutorLeaseResponse.Held;
}

internal sealed class GetExecutorLeaseQueryValidator : AbstractValidator<GetExecutorLeaseQuery>
{
    public GetExecutorLeaseQueryValidator() => RuleFor(query => query.ExecutorId).ValidExecutorId();
}
