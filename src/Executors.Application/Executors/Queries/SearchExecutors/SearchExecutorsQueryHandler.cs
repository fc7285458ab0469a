using AutoMapper;
using MediatR;

namespace Executors.Application.Executors.Queries.SearchExecutors;

public sealed class SearchExecutorsQueryHandler : IRequestHandler<SearchExecutorsQuery, SearchExecutorsResponse>
{
    private readonly IExecutorReadStore _store;
    private readonly IMapper _mapper;

    public SearchExecutorsQueryHandler(IExecutorReadStore store, IMapper mapper)
    {
        _store = store;
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
        var rows = await _store.ListAsync(filter, after, limit + 1, cancellationToken);
        var total = await _store.CountAsync(filter, cancellationToken);
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
