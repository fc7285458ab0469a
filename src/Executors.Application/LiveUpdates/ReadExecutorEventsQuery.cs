using System.Globalization;
using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Application.Common.Validation;
using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using FluentValidation;
using MediatR;

namespace Executors.Application.LiveUpdates;

/// <summary>
/// One read of an executor event stream: one executor (<see cref="ExecutorId"/>) or every executor matching the
/// singular filters, as GET shows them, changed since <see cref="Since"/> (a mark an earlier read answered, or the
/// client's Last-Event-ID) when given. <see cref="First"/>: the stream's opening read, where an unknown executor is a 404.
/// </summary>
public sealed record ReadExecutorEventsQuery(string? ExecutorId, ExecutorEventFilter Filter, string? Since, bool First) : IRequest<ExecutorEventBatch>;

/// <summary>The filters of <c>GET /events/executors</c>: one value each, as the original's live channel takes them.</summary>
public sealed record ExecutorEventFilter
{
    public string? AccountName { get; init; }

    public string? ConnectorName { get; init; }

    public string? TradingPair { get; init; }

    public string? ExecutorType { get; init; }

    public string? Status { get; init; }

    public string? ControllerId { get; init; }

    public ExecutorFilter ToFilter() => new()
    {
        AccountNames = One(AccountName),
        ConnectorNames = One(ConnectorName),
        TradingPairs = One(TradingPair),
        ExecutorTypes = One(ExecutorType),
        ControllerIds = One(ControllerId),
        Status = Status is not null && WireCodes.TryParse<ExecutorStatus>(Status, out var status) ? status : null,
    };

    private static string[] One(string? value) => value is null ? [] : [value];
}

/// <summary>The executors one read found, and its resume mark (the events' id).</summary>
public sealed record ExecutorEventBatch(string Mark, IReadOnlyList<ExecutorDetailResponse> Executors);

/// <summary>Resume marks: the decimal text of an xid8 (a snapshot's xmin).</summary>
public static class StreamMark
{
    /// <summary>The header a client resumes with, named as validation errors name it.</summary>
    public const string Field = "Last-Event-ID";

    public static bool TryParse(string? text, out ulong mark) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out mark) && text!.Length <= 20;

    public static string Format(ulong mark) => mark.ToString(CultureInfo.InvariantCulture);
}

internal sealed class ReadExecutorEventsQueryHandler : IRequestHandler<ReadExecutorEventsQuery, ExecutorEventBatch>
{
    private readonly IExecutorEventReads _reads;
    private readonly IExecutorRepository _executors;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;

    public ReadExecutorEventsQueryHandler(IExecutorEventReads reads, IExecutorRepository executors, ICurrentUser user, IMapper mapper)
    {
        _reads = reads;
        _executors = executors;
        _user = user;
        _mapper = mapper;
    }

    public async Task<ExecutorEventBatch> Handle(ReadExecutorEventsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ulong? since = StreamMark.TryParse(request.Since, out var mark) ? mark : null;
        var read = await _reads.ReadExecutorsAsync(request.ExecutorId, request.Filter.ToFilter(), _user.Accounts, since, cancellationToken);

        // Resuming a stream of one executor that has not changed reads no row: whether it exists (in the caller's
        // accounts) is asked separately, so that an unknown id is the same 404 with or without Last-Event-ID.
        if (request.First && request.ExecutorId is { } executorId && read.Rows.Count == 0
            && (since is null || !await _executors.ExistsAsync(executorId, _user.Accounts, cancellationToken)))
        {
            throw new NotFoundException("Executor", executorId);
        }

        return new ExecutorEventBatch(StreamMark.Format(read.Mark), [.. read.Rows.Select(_mapper.Map<ExecutorDetailResponse>)]);
    }
}

internal sealed class ReadExecutorEventsQueryValidator : AbstractValidator<ReadExecutorEventsQuery>
{
    public ReadExecutorEventsQueryValidator()
    {
        RuleFor(query => query.ExecutorId!).ValidExecutorId().When(query => query.ExecutorId is not null);
        this.AccountName(query => query.Filter.AccountName);
        this.ControllerId(query => query.Filter.ControllerId);
        Optional(query => query.Filter.ConnectorName, "connector_name", Executor.MaxConnectorNameLength);
        Optional(query => query.Filter.TradingPair, "trading_pair", Executor.MaxTradingPairLength);
        RuleFor(query => query.Filter.ExecutorType)
            .Must(type => type is null || ExecutorTypes.IsKnown(type))
            .WithMessage($"executor_type must be one of: {string.Join(", ", ExecutorTypes.All)}.")
            .OverridePropertyName("executor_type");
        RuleFor(query => query.Filter.Status)
            .Must(status => status is null || WireCodes.TryParse<ExecutorStatus>(status, out _))
            .WithMessage($"status must be one of: {string.Join(", ", WireCodes.AllCodes<ExecutorStatus>())}.")
            .OverridePropertyName("status");
        RuleFor(query => query.Since)
            .Must(since => since is null || StreamMark.TryParse(since, out _))
            .WithMessage($"{StreamMark.Field} must be the id of an event this API sent (a whole number).")
            .OverridePropertyName(StreamMark.Field);
    }

    private void Optional(Func<ReadExecutorEventsQuery, string?> value, string field, int maxLength) =>
        RuleFor(query => value(query))
            .Must(text => text is null || (text.Length is > 0 and var length && length <= maxLength && !text.Contains('\0', StringComparison.Ordinal)))
            .WithMessage($"{field} must be 1-{maxLength} characters when given, without U+0000.")
            .OverridePropertyName(field);
}
