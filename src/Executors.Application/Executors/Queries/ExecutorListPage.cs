namespace Executors.Application.Executors.Queries;

/// <summary>A page of a list of executors, and how many executors the whole list holds.</summary>
public sealed record ExecutorListPage(IReadOnlyList<ExecutorListRow> Rows, int TotalCount);
