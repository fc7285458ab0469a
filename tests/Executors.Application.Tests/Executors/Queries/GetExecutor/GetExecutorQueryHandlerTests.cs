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
        var result = await handler.Handle(new GetExecutorQuery(SampleExecutors.FullId), cancellationToken);

        // Assert
        Assert.True(result.Found);
        var response = result.Executor;
        Assert.Equal(SampleExecutors.FullId, response.ExecutorId);
        Assert.Equal("TERMINATED", response.Status);
        Assert.Equal("STOP_LOSS", response.CloseType);
        Assert.Equal(2, response.ErrorCount);
        Assert.Equal([SampleExecutors.FullId], repository.Lookups);
        Assert.Equal(cancellationToken, repository.LastCancellationToken);
    }

    [Fact]
    public async Task Handle_UnknownExecutor_AnswersNotFoundWithTheNotFoundExceptionsText()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(SampleExecutors.Minimal());
        var handler = new GetExecutorQueryHandler(repository, FixedCurrentUser.Everything, Mapper);
        const string unknownId = "does-not-exist";

        // Act
        var result = await handler.Handle(new GetExecutorQuery(unknownId), TestContext.Current.CancellationToken);

        // Assert: the text the 404 said when it was an exception.
        Assert.False(result.Found);
        Assert.Null(result.Executor);
        Assert.Equal(unknownId, result.ExecutorId);
        Assert.Equal(new NotFoundException("Executor", unknownId).Message, result.NotFoundDetail);
        Assert.Equal([unknownId], repository.Lookups);
    }

    [Fact]
    public async Task Handle_IdDifferingOnlyInCase_IsNotFound()
    {
        // Arrange: base58 ids are case-sensitive, so the lookup is too.
        var repository = new InMemoryExecutorRepository(SampleExecutors.Full());
        var handler = new GetExecutorQueryHandler(repository, FixedCurrentUser.Everything, Mapper);
        var query = new GetExecutorQuery(SampleExecutors.FullId.ToUpperInvariant());

        // Act
        var result = await handler.Handle(query, TestContext.Current.CancellationToken);

        // Assert
        Assert.False(result.Found);
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
