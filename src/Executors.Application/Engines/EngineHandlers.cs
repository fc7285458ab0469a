using AutoMapper;
using Executors.Application.Common.Security;
using Executors.Application.Common.Validation;
using Executors.Application.Executors.Queries.GetExecutor;
using FluentValidation;
using MediatR;

namespace Executors.Application.Engines;

/// <summary>Claims, renews and lists an engine's leases (<see cref="IExecutorLeases"/>), answering what it holds.</summary>
internal sealed class EngineHandlers :
    IRequestHandler<ClaimExecutorsCommand, EngineExecutorsResponse>,
    IRequestHandler<RenewLeasesCommand, EngineExecutorsResponse>,
    IRequestHandler<GetEngineExecutorsQuery, EngineExecutorsResponse>
{
    private readonly IExecutorLeases _leases;
    private readonly ICurrentUser _user;
    private readonly EngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly IMapper _mapper;

    public EngineHandlers(IExecutorLeases leases, ICurrentUser user, EngineOptions options, TimeProvider clock, IMapper mapper)
    {
        _leases = leases;
        _user = user;
        _options = options;
        _clock = clock;
        _mapper = mapper;
    }

    public async Task<EngineExecutorsResponse> Handle(ClaimExecutorsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.GetUtcNow();
        var expires = now + _options.LeaseDuration;
        var claimed = await _leases.ClaimAsync(request.EngineId, _user.Accounts, request.Limit, now, expires, cancellationToken);
        return Answer(request.EngineId, claimed.Select(executor => (executor, expires)), now);
    }

    public async Task<EngineExecutorsResponse> Handle(RenewLeasesCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.GetUtcNow();
        await _leases.RenewAsync(request.EngineId, _user.Accounts, now + _options.LeaseDuration, cancellationToken);
        return Answer(request.EngineId, await _leases.HeldAsync(request.EngineId, _user.Accounts, cancellationToken), now);
    }

    public async Task<EngineExecutorsResponse> Handle(GetEngineExecutorsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Answer(request.EngineId, await _leases.HeldAsync(request.EngineId, _user.Accounts, cancellationToken), _clock.GetUtcNow());
    }

    private EngineExecutorsResponse Answer(string engineId, IEnumerable<(Domain.Executors.Executor Executor, DateTimeOffset LeaseExpiresAt)> held, DateTimeOffset now) => new()
    {
        EngineId = engineId,
        Executors = [.. held.Select(item => new EngineExecutorResponse
        {
            LeaseExpiresAt = item.LeaseExpiresAt,
            LeaseExpired = item.LeaseExpiresAt <= now,
            StopRequestedAt = item.Executor.StopRequest?.RequestedAt,
            KeepPosition = item.Executor.StopRequest?.KeepPosition,
            Executor = _mapper.Map<ExecutorDetailResponse>(item.Executor),
        })],
    };
}

internal sealed class ClaimExecutorsCommandValidator : AbstractValidator<ClaimExecutorsCommand>
{
    public ClaimExecutorsCommandValidator()
    {
        RuleFor(command => command.EngineId).ValidEngineId();
        RuleFor(command => command.Limit)
            .InclusiveBetween(1, ClaimExecutorsRequest.MaxLimit)
            .WithMessage($"limit must be between 1 and {ClaimExecutorsRequest.MaxLimit}.")
            .OverridePropertyName("limit");
    }
}

internal sealed class RenewLeasesCommandValidator : AbstractValidator<RenewLeasesCommand>
{
    public RenewLeasesCommandValidator() => RuleFor(command => command.EngineId).ValidEngineId();
}

internal sealed class GetEngineExecutorsQueryValidator : AbstractValidator<GetEngineExecutorsQuery>
{
    public GetEngineExecutorsQueryValidator() => RuleFor(query => query.EngineId).ValidEngineId();
}
