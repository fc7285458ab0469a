using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Mapping;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Tests.Fakes;

namespace Executors.Application.Tests.Executors.Queries.GetExecutor;

public sealed class GetExecutorQueryHandlerTests
{
    private static readonly IMapper Mapper = MapperFactory.CreateConfiguration().CreateMapper();

    [Fact]
    public async Task Handle_ExistingExecutor_ReturnsMappedResponse()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(SampleExecutors.Full(), SampleExecutors.Minimal());
        var handler = new GetExecutorQueryHandler(repository, FixedCurrentUser.Everything, Mapper);
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        var response = await handler.Handle(new GetExecutorQuery(SampleExecutors.FullId), cancellationToken);

        // Assert
        Assert.Equal(SampleExecutors.FullId, response.ExecutorId);
        Assert.Equal("TERMINATED", response.Status);
        Assert.Equal("STOP_LOSS", response.CloseType);
        Assert.Equal(2, response.ErrorCount);
        Assert.Equal([SampleExecutors.FullId], repository.Lookups);
        Assert.Equal(cancellationToken, repository.LastCancellationToken);
    }

    [Fact]
    public async Task Handle_UnknownExecutor_ThrowsNotFoundException()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(SampleExecutors.Minimal());
        var handler = new GetExecutorQueryHandler(repository, FixedCurrentUser.Everything, Mapper);
        const string unknownId = "does-not-exist";

        // Act
        var exception = await Record.ExceptionAsync(
            () => handler.Handle(new GetExecutorQuery(unknownId), TestContext.Current.CancellationToken));

        // Assert
        var notFound = Assert.IsType<NotFoundException>(exception);
        Assert.Equal("Executor", notFound.Resource);
        Assert.Equal(unknownId, notFound.Key);
        Assert.Equal([unknownId], repository.Lookups);
    }

    [Fact]
    public async Task Handle_IdDifferingOnlyInCase_ThrowsNotFoundException()
    {
        // Arrange: base58 ids are case-sensitive, so the lookup is too.
        var repository = new InMemoryExecutorRepository(SampleExecutors.Full());
        var handler = new GetExecutorQueryHandler(repository, FixedCurrentUser.Everything, Mapper);
        var query = new GetExecutorQuery(SampleExecutors.FullId.ToUpperInvariant());

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(query, TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<NotFoundException>(exception);
    }

    [Fact]
    public async Task Handle_NullRequest_ThrowsArgumentNullException()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository();
        var handler = new GetExecutorQueryHandler(repository, FixedCurrentUser.Everything, Mapper);

        // Act
        var exception = await Record.ExceptionAsync(() => handler.Handle(null!, TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<ArgumentNullException>(exception);
        Assert.Empty(repository.Lookups);
    }
}
