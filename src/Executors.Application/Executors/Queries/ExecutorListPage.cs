using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Executors.Queries;

/// <summary>
/// A page of a list of executors as the contract shows them; where the next page starts (<see langword="null"/> on the
/// last page); and how many executors the whole list holds.
/// </summary>
public sealed record ExecutorListPage(IReadOnlyList<ExecutorDetailResponse> Rows, ExecutorListPosition? Next, int TotalCount);
