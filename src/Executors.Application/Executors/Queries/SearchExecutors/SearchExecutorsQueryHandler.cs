using AutoMapper;
using Executors.Application.Common.Security;
using MediatR;

namespace Executors.Application.Executors.Queries.SearchExecutors;

public sealed class SearchExecutorsQueryHandler : IRequestHandler<SearchExecutorsQuery, SearchExecutorsResponse>
{
    private readonly IExecutorReadStore _store;
    private readonly ICurrentUser _user;
    private readonly IMapper _mapper;

    public SearchExecutorsQueryHandler(IExecutorReadStore store, ICurrentUser user, IMapper mapper)
    {
        _store = store;
        _user = user;
        _mapper = mapper;
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
        // The caller's accounts bound every search; asking for other accounts by name simply finds nothing.
        var scope = _user.Accounts;
        var (rows, total) = await _store.ListAsync(filter, scope, after, limit + 1, cancellationToken);
        var page = rows.Count > limit ? rows.Take(limit).ToList() : rows;
        var hasMore = rows.Count > limit;

        return new SearchExecutorsResponse
        {
            Data = page.Select(row => _mapper.Map<ExecutorResponse>(row)).ToList(),
            Pagination = new PaginationResponse
            {
                Limit = limit,
                HasMore = hasMore,
                NextCursor = hasMore ? ExecutorCursor.Encode(new ExecutorListPosition(page[^1].SortAt, page[^1].ExecutorId), filter) : null,
                TotalCount = total,
            },
        };
    }
}
