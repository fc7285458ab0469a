using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Commands.StopExecutor;

/// <summary>
/// Records a stop request on the executor, durably, for the engine that runs it (<see cref="Executor.RequestStop"/>);
/// a NOT_STARTED executor, which no engine has, is closed at once (TERMINATED, EARLY_STOP, now). Idempotent: the same
/// request again answers the same and changes nothing (no new version); a different keep_position than the recorded one
/// is refused (409). An executor closed without a stop request is "already closed" (400, the original's answer).
/// </summary>
internal sealed class StopExecutorCommandHandler : IRequestHandler<StopExecutorCommand, StopExecutorResponse>
{
    private readonly IExecutorRepository _executors;
    private readonly TimeProvider _clock;
    private readonly ICurrentUser _user;

    public StopExecutorCommandHandler(IExecutorRepository executors, TimeProvider clock, ICurrentUser user)
    {
        _executors = executors;
        _clock = clock;
        _user = user;
    }

    public async Task<StopExecutorResponse> Handle(StopExecutorCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keepPosition = request.Body.KeepPosition;

        // Locked until the command commits: a racing stop waits and then sees the request this one recorded (and answers
        // as a repeat); a racing state report waits too, and leaves the request where it is.
        var executor = await _executors.FindForUpdateAsync(request.ExecutorId, _user.Accounts, cancellationToken)
            ?? throw new NotFoundException("Executor", request.ExecutorId);

        // A repeat of the recorded stop is answered as the first one was, even once the executor has closed (a client
        // retrying a stop whose answer it lost); anything else asked of a closed executor is the original's 400.
        if (!executor.IsActive && executor.StopRequest?.KeepPosition != keepPosition)
        {
            throw new BadRequestException($"Executor {request.ExecutorId} is already closed");
        }

        if (executor.RequestStop(keepPosition, _clock.GetUtcNow()))
        {
            await _executors.SaveAsync(cancellationToken);
        }

        return new StopExecutorResponse { ExecutorId = executor.ExecutorId, Status = StopExecutorResponse.Stopping, KeepPosition = keepPosition };
    }
}
