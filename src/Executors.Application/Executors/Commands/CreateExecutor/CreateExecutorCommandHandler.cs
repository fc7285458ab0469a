using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Domain.Common;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Commands.CreateExecutor;

/// <summary>
/// Records a new executor, NOT_STARTED, under an id the service makes, for an engine to claim and run. With an
/// Idempotency-Key the first answer is kept with the executor, in the same unit of work: a retry of the same request
/// gets that answer again (and no second executor), a different request under the same key is refused.
/// </summary>
internal sealed class CreateExecutorCommandHandler : IRequestHandler<CreateExecutorCommand, CreateExecutorResult>
{
    private readonly IExecutorRepository _executors;
    private readonly IIdempotentRequests _idempotent;
    private readonly ICurrentUser _user;
    private readonly TimeProvider _clock;

    public CreateExecutorCommandHandler(IExecutorRepository executors, IIdempotentRequests idempotent, ICurrentUser user, TimeProvider clock)
    {
        _executors = executors;
        _idempotent = idempotent;
        _user = user;
        _clock = clock;
    }

    public async Task<CreateExecutorResult> Handle(CreateExecutorCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var account = body.AccountName ?? ExecutorState.DefaultAccountName;
        if (!_user.Accounts.Allows(account))
        {
            throw new ForbiddenException($"You may not create executors of account '{account}'.");
        }

        if (request.IdempotencyKey is { } key)
        {
            var hash = HashOf(body);
            if (await _idempotent.ClaimAsync(_user.Name, key, hash, cancellationToken) is { } earlier)
            {
                return string.Equals(earlier.RequestHash, hash, StringComparison.Ordinal)
                    ? new CreateExecutorResult(JsonSerializer.Deserialize<CreateExecutorResponse>(earlier.AnswerJson)!, Replayed: true)
                    : throw new ConflictException($"Idempotency-Key '{key}' was used for a different request; a new executor needs a new key.");
            }
        }

        var config = body.ExecutorConfig!.Value;
        var now = _clock.GetUtcNow();
        var executor = Executor.Register(ExecutorIds.NewId(), new ExecutorState
        {
            ExecutorType = config.GetProperty("type").GetString(),
            AccountName = account,
            ConnectorName = StringOf(config, "connector_name"),
            TradingPair = StringOf(config, "trading_pair"),
            Side = WireCodes.TryParse<TradeSide>(StringOf(config, "side"), out var side) ? side : null,
            ControllerId = body.ControllerId ?? ExecutorState.DefaultControllerId,
            Status = ExecutorStatus.NotStarted,
            Timestamp = now,
            CreatedAt = now,
            Config = JsonObjectValue.Parse(config.GetRawText(), "executor_config"),
        });
        await _executors.AddAsync(executor, cancellationToken);

        var answer = new CreateExecutorResponse
        {
            ExecutorId = executor.ExecutorId,
            ExecutorType = executor.State.ExecutorType!,
            ConnectorName = executor.State.ConnectorName,
            TradingPair = executor.State.TradingPair,
            ControllerId = executor.State.ControllerId,
            Status = WireCodes.ToCode(executor.State.Status),
            CreatedAt = now.UtcDateTime,
        };
        if (request.IdempotencyKey is { } claimed)
        {
            await _idempotent.AnswerAsync(_user.Name, claimed, JsonSerializer.Serialize(answer), cancellationToken);
        }

        return new CreateExecutorResult(answer, Replayed: false);
    }

    private static string? StringOf(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>What identifies a request under its key: its fields, the config as sent (compact).</summary>
    private static string HashOf(CreateExecutorRequest body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body))));
}
