using Executors.Application.Common.Security;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.SearchExecutors;

internal sealed class SearchExecutorsQueryHandler : IRequestHandler<SearchExecutorsQuery, SearchExecutorsResponse>
{
    private readonly IExecutorReadStore _store;
    private readonly ICurrentUser _user;
    public SearchExecutorsQueryHandler(IExecutorReadStore store, ICurrentUser user)
    {
        _store = store;
        _user = user;
    }

    public async Task<SearchExecutorsResponse> Handle(SearchExecutorsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var filter = request.ToFilter();
        ExecutorListPosition? after = null;
        if (request.Cursor is not null)
        {
            // The validator has accepted the cursor for this filter already.
            ExecutorCursor.TryDecode(request.Cursor, filter, out after);
        }

        var limit = request.EffectiveLimit;
        // The caller's accounts bound every search. Account names it may not see are dropped before the store is asked:
        // a search naming only such accounts finds nothing without a query, so neither its answer nor its cost depends
        // on what those accounts hold (ADR 7). The cursor stays bound to the filter as the caller sent it.
        var scope = _user.Accounts;
        var narrowed = Narrowed(filter, scope);
        if (narrowed is null)
        {
            return new SearchExecutorsResponse
            {
                Data = [],
                Pagination = new PaginationResponse { Limit = limit, HasMore = false, NextCursor = null, TotalCount = 0 },
            };
        }

        var page = await _store.ListAsync(narrowed, scope, after, limit, request.Lean == true, cancellationToken);

        return new SearchExecutorsResponse
        {
            Data = page.Rows,
            Pagination = new PaginationResponse
            {
                Limit = limit,
                HasMore = page.Next is not null,
                NextCursor = page.Next is { } next ? ExecutorCursor.Encode(next, filter) : null,
                TotalCount = page.TotalCount,
            },
        };
    }

    /// <summary>
    /// The filter with its account names cut to those within <paramref name="scope"/>; <see langword="null"/> when it
    /// names accounts and none of them is the caller's (nothing can match).
    /// </summary>
    private static ExecutorFilter? Narrowed(ExecutorFilter filter, AccountScope scope)
    {
        if (scope.IsAll || filter.AccountNames.Count == 0)
        {
            return filter;
        }

        var visible = filter.AccountNames.Where(scope.Allows).Distinct(StringComparer.Ordinal).ToList();
        return visible.Count == 0 ? null : filter with { AccountNames = visible };
    }
}
