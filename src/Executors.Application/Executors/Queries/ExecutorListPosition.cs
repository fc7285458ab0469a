namespace Executors.Application.Executors.Queries;

/// <summary>A place in the list order (newest first, then executor id descending): a page starts after it.</summary>
public sealed record ExecutorListPosition(DateTimeOffset SortAt, string ExecutorId);
