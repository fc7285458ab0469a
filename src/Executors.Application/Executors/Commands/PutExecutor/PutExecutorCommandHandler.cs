using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Executors.Domain.Positions;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>
/// Creates the executor or moves it to the reported state; the aggregate decides what may change (409 otherwise),
/// the If-Match / If-None-Match preconditions what version may be replaced (412 otherwise). A report that closes the
/// executor with POSITION_HOLD also adds what it leaves to its position hold, in the same unit of work: the executor's
/// terminal write and its position count together or not at all, and only once (a TERMINATED executor is final).
/// </summary>
internal sealed partial class PutExecutorCommandHandler : IRequestHandler<PutExecutorCommand, PutExecutorResult>
{
    private readonly IExecutorRepository _executors;
    private readonly IPositionHoldRepository _positions;
    private readonly TimeProvider _clock;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;
    private readonly ILogger<PutExecutorCommandHandler> _logger;

    public PutExecutorCommandHandler(
        IExecutorRepository executors,
        IPositionHoldRepository positions,
        TimeProvider clock,
        ICurrentUser user,
        IMapper mapper,
        ILogger<PutExecutorCommandHandler> logger)
    {
        _executors = executors;
        _positions = positions;
        _clock = clock;
        _user = user;
        _mapper = mapper;
        _logger = logger;
    }

    public async Task<PutExecutorResult> Handle(PutExecutorCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = _mapper.Map<ExecutorState>(request.State);
        var scope = _user.Accounts;

        // The account is the caller's own words, so refusing it reveals nothing; it is checked before any lookup.
        if (!scope.Allows(state.AccountName))
        {
            throw new ForbiddenException(state.AccountName is null
                ? "Only a user with access to every account may report an executor without account_name."
                : $"You may not report executors of account '{state.AccountName}'.");
        }

        // Locked until the command commits: a report racing this one (or a log append) waits, then sees what it wrote.
        var executor = await _executors.FindForUpdateAsync(request.ExecutorId, scope, cancellationToken);

        // An executor of another account is, to this caller, one that does not exist: the same preconditions fail the
        // same way at the same cost as for an unknown id, so If-Match cannot tell the two apart.
        if (request.Condition.Expected is { } expected && (executor is null || !expected.Contains(executor.Version)))
        {
            throw new PreconditionFailedException(executor is null
                ? "If-Match: the executor does not exist."
                : $"If-Match: the executor has changed; its current version is {executor.Version}.");
        }

        if (executor is null && await _executors.ExistsAsync(request.ExecutorId, AccountScope.All, cancellationToken))
        {
            // There is one after all: created since the lookup above (by a racing report: take it now), or another
            // account's. Ids are global, so another account's cannot be created in the caller's either; it is answered
            // as every other request for it is, as if it did not exist, and logged for the operator.
            executor = await _executors.FindForUpdateAsync(request.ExecutorId, scope, cancellationToken);
            if (executor is null)
            {
                LogForeignExecutor(request.ExecutorId);
                throw new NotFoundException("Executor", request.ExecutorId);
            }
        }

        if (request.Condition.Refused is { } refused && executor is not null && refused.Contains(executor.Version))
        {
            throw new PreconditionFailedException("If-None-Match: the executor exists already.");
        }

        var created = executor is null;
        if (executor is null)
        {
            executor = Executor.Register(request.ExecutorId, state);
            await _executors.AddAsync(executor, cancellationToken);
        }
        else if (executor.Apply(state))
        {
            await _executors.SaveAsync(cancellationToken);
        }

        // Handed out once, by the instance that made the move to TERMINATED (or registered it so): a repeated report
        // holds nothing.
        if (executor.TakeHeldPosition() is { Fills.Count: > 0 } held)
        {
            var position = await _positions.LockAsync(held.Key, cancellationToken);
            position.Hold(held, _clock.GetUtcNow());
            await _positions.SaveAsync(cancellationToken);
        }

        return new PutExecutorResult(created, _mapper.Map<ExecutorDetailResponse>(executor));
    }

    [LoggerMessage(EventId = 4041, Level = LogLevel.Warning, Message = "A report for executor {ExecutorId}, which belongs to an account outside the caller's, was answered 404")]
    private partial void LogForeignExecutor(string executorId);
}
