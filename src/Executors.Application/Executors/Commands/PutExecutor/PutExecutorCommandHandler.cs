using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Mapping;
using Executors.Application.Common.Security;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>
/// Creates the executor or moves it to the reported state; the aggregate decides what may change (409 otherwise),
/// the If-Match / If-None-Match preconditions what version may be replaced (412 otherwise).
/// </summary>
public sealed class PutExecutorCommandHandler : IRequestHandler<PutExecutorCommand, PutExecutorResult>
{
    private readonly IExecutorRepository _executors;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;

    public PutExecutorCommandHandler(IExecutorRepository executors, ICurrentUser user, IMapper mapper)
    {
        _executors = executors;
        _user = user;
        _mapper = mapper;
    }

    public async Task<PutExecutorResult> Handle(PutExecutorCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = ToReport(request.State);
        var scope = _user.Accounts;

        // The account is the caller's own words, so refusing it reveals nothing; it is checked before any lookup.
        if (!scope.Allows(report.AccountName))
        {
            throw new ForbiddenException(report.AccountName is null
                ? "Only a user with access to every account may report an executor without account_name."
                : $"You may not report executors of account '{report.AccountName}'.");
        }

        var executor = await _executors.FindForUpdateAsync(request.ExecutorId, cancellationToken);
        if (executor is not null && !scope.Allows(executor.AccountName))
        {
            // Ids are global: one that belongs to another account cannot be created in the caller's either, and is
            // answered as every other request for it is, as if it did not exist.
            throw new NotFoundException("Executor", request.ExecutorId);
        }

        if (request.IfMatch is { Count: > 0 } ifMatch && (executor is null || !ExecutorETag.Matches(ifMatch, executor.Version)))
        {
            throw new PreconditionFailedException(executor is null
                ? "If-Match: the executor does not exist."
                : $"If-Match: the executor has changed; its current ETag is {ExecutorETag.For(executor.Version)}.");
        }

        if (request.IfNoneMatch is { Count: > 0 } ifNoneMatch && executor is not null && ExecutorETag.Matches(ifNoneMatch, executor.Version))
        {
            throw new PreconditionFailedException("If-None-Match: the executor exists already.");
        }

        var created = executor is null;
        if (executor is null)
        {
            executor = Executor.FromReport(request.ExecutorId, report);
            await _executors.AddAsync(executor, cancellationToken);
        }
        else if (executor.Apply(report))
        {
            await _executors.SaveAsync(cancellationToken);
        }

        return new PutExecutorResult(created, _mapper.Map<ExecutorDetailResponse>(executor));
    }

    /// <summary>The request in the domain's terms; the validator has already accepted every code and number.</summary>
    private static ExecutorReport ToReport(ExecutorStateRequest state) => new()
    {
        ExecutorType = state.ExecutorType,
        AccountName = state.AccountName,
        ConnectorName = state.ConnectorName,
        TradingPair = state.TradingPair,
        Status = Vocabulary.Parse<ExecutorStatus>(state.Status!),
        IsTrading = state.IsTrading,
        NetPnlQuote = state.NetPnlQuote,
        NetPnlPct = state.NetPnlPct,
        CumFeesQuote = state.CumFeesQuote,
        FilledAmountQuote = state.FilledAmountQuote,
        Side = state.Side is null ? null : Vocabulary.Parse<TradeSide>(state.Side),
        Timestamp = state.Timestamp is { } timestamp ? ContractFormat.FromUnixSeconds(timestamp) : null,
        CreatedAt = state.CreatedAt?.ToUniversalTime(),
        CloseType = state.CloseType is null ? null : Vocabulary.Parse<CloseType>(state.CloseType),
        CloseTimestamp = state.CloseTimestamp is { } closed ? ContractFormat.FromUnixSeconds(closed) : null,
        ControllerId = state.ControllerId,
        Config = state.Config?.GetRawText(),
        CustomInfo = state.CustomInfo?.GetRawText(),
    };
}
