using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Queries.SearchExecutors;

internal sealed class SearchExecutorsQueryValidator : AbstractValidator<SearchExecutorsQuery>
{
    /// <summary>No filter list may name more values than this.</summary>
    public const int MaxFilterValues = 100;

    public SearchExecutorsQueryValidator()
    {
        FilterList(query => query.AccountNames, "account_names", Executor.MaxAccountNameLength);
        FilterList(query => query.ConnectorNames, "connector_names", Executor.MaxConnectorNameLength);
        FilterList(query => query.TradingPairs, "trading_pairs", Executor.MaxTradingPairLength);
        FilterList(query => query.ControllerIds, "controller_ids", Executor.MaxControllerIdLength);
        FilterList(query => query.ExecutorTypes, "executor_types", Executor.MaxExecutorTypeLength);
        RuleForEach(query => query.ExecutorTypes)
            .Must(ExecutorTypes.IsKnown)
            .WithMessage($"executor_types may contain only: {string.Join(", ", ExecutorTypes.All)}.")
            .OverridePropertyName("executor_types");

        RuleFor(query => query.Status)
            .Must(status => status is null || WireCodes.TryParse<ExecutorStatus>(status, out _))
            .WithMessage($"status must be one of: {string.Join(", ", WireCodes.AllCodes<ExecutorStatus>())}.")
            .OverridePropertyName("status");

        RuleFor(query => query.Limit)
            .InclusiveBetween(1, SearchExecutorsQuery.MaxLimit)
            .When(query => query.Limit is not null)
            .WithMessage($"limit must be between 1 and {SearchExecutorsQuery.MaxLimit}.")
            .OverridePropertyName("limit");

        RuleFor(query => query.Cursor)
            .Must((query, cursor) => cursor is null || (cursor.Length <= 512 && ExecutorCursor.TryDecode(cursor, query.ToFilter(), out _)))
            .WithMessage("cursor is not a next_cursor of this search (it is malformed, or was made for other filters).")
            .OverridePropertyName("cursor");
    }

    private void FilterList(Func<SearchExecutorsQuery, IReadOnlyList<string>?> list, string name, int maxLength)
    {
        RuleFor(query => list(query))
            .Must(values => values is null || values.Count <= MaxFilterValues)
            .WithMessage($"{name} may name at most {MaxFilterValues} values.")
            .OverridePropertyName(name);
        RuleForEach(query => list(query))
            .NotEmpty()
            .WithMessage($"{name} may not contain empty values.")
            .MaximumLength(maxLength)
            .WithMessage($"{name} values must be at most {maxLength} characters.")
            .OverridePropertyName(name);
    }
}
