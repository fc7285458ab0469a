using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Executors.Queries.SearchExecutors;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Executors.Queries.SearchExecutors;

public sealed class SearchExecutorsQueryHandlerTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Handle_MoreRowsThanLimit_ReturnsAPageAndACursorToTheRest()
    {
        // Arrange: five rows, two sharing a sort instant.
        var store = new InMemoryExecutorReadStore(
            Row("e1", Start), Row("e2", Start.AddHours(1)), Row("e3", Start.AddHours(1)), Row("e4", Start.AddHours(2)), Row("e5", Start.AddHours(3)));
        var handler = new SearchExecutorsQueryHandler(store, FixedCurrentUser.Everything);

        // Act
        var first = await handler.Handle(new SearchExecutorsQuery { Limit = 2 }, TestContext.Current.CancellationToken);
        var second = await handler.Handle(new SearchExecutorsQuery { Limit = 2, Cursor = first.Pagination.NextCursor }, TestContext.Current.CancellationToken);
        var third = await handler.Handle(new SearchExecutorsQuery { Limit = 2, Cursor = second.Pagination.NextCursor }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["e5", "e4"], first.Data.Select(item => item.ExecutorId));
        Assert.Equal(["e3", "e2"], second.Data.Select(item => item.ExecutorId));
        Assert.Equal(["e1"], third.Data.Select(item => item.ExecutorId));
        Assert.True(first.Pagination.HasMore);
        Assert.False(third.Pagination.HasMore);
        Assert.Null(third.Pagination.NextCursor);
        Assert.All(new[] { first, second, third }, page => Assert.Equal(5, page.Pagination.TotalCount));
        Assert.Equal(2, first.Pagination.Limit);
    }

    [Fact]
    public async Task Handle_ExactlyLimitRows_HasNoMore()
    {
        // Arrange
        var store = new InMemoryExecutorReadStore(Row("e1", Start), Row("e2", Start.AddHours(1)));
        var handler = new SearchExecutorsQueryHandler(store, FixedCurrentUser.Everything);

        // Act
        var page = await handler.Handle(new SearchExecutorsQuery { Limit = 2 }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2, page.Data.Count);
        Assert.False(page.Pagination.HasMore);
        Assert.Null(page.Pagination.NextCursor);
    }

    [Fact]
    public async Task Handle_Executor_MapsToTheRecordWithItsDocuments()
    {
        // Arrange
        var row = Executor.Create("e1", ExecutorTypes.Position, null, null, null, side: TradeSide.Sell, createdAt: Start);
        row.Start();
        row.RecordError(Start.AddSeconds(10), "first");
        row.RecordError(Start.AddSeconds(20), "boom");
        row.Terminate(CloseType.StopLoss, Start.AddSeconds(90.5));
        var handler = new SearchExecutorsQueryHandler(new InMemoryExecutorReadStore(row), FixedCurrentUser.Everything);

        // Act
        var item = Assert.Single((await handler.Handle(new SearchExecutorsQuery(), TestContext.Current.CancellationToken)).Data);

        // Assert: the whole record, as the original's search rows are.
        Assert.IsType<ExecutorDetailResponse>(item, exactMatch: true);
        Assert.Equal("TERMINATED", item.Status);
        Assert.False(item.IsActive);
        Assert.Equal("SELL", item.Side);
        Assert.Equal("STOP_LOSS", item.CloseType);
        Assert.Equal(1704067290.5m, item.CloseTimestamp);
        Assert.Equal(DateTimeKind.Utc, item.CreatedAt!.Value.Kind);
        Assert.Equal(2, item.ErrorCount);
        Assert.Equal("boom", item.LastError);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Handle_Lean_AsksTheStoreForALeanPageOnlyWhenSaid(bool? lean, bool expected)
    {
        // Arrange
        var store = new InMemoryExecutorReadStore(Row("e1", Start));
        var handler = new SearchExecutorsQueryHandler(store, FixedCurrentUser.Everything);

        // Act
        await handler.Handle(new SearchExecutorsQuery { Lean = lean }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([expected], store.LeanRequests);
    }

    private static Executor Row(string id, DateTimeOffset createdAt)
    {
        var executor = Executor.Create(id, ExecutorTypes.Position, null, null, null, createdAt: createdAt);
        executor.Start();
        return executor;
    }
}
