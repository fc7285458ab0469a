using Executors.Application.Positions;
using Executors.Domain.Positions;
using AutoMapper;
using AutoMapper.Internal;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Persistence;
using Executors.Application.Common.Security;
using Executors.Application.Executors;
using Executors.Application.Engines;
using Executors.Application.Engines.LeaseState;
using Executors.Application.Executors.Commands.CreateExecutor;
using Executors.Application.Executors.Commands.PutExecutor;
using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Tests.Executors.Queries.GetExecutor;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Executors.Application.Tests;

/// <summary><see cref="DependencyInjection.AddApplication"/> in the real container: validation → handler → repository.</summary>
public sealed class DependencyInjectionTests
{
    public static TheoryData<string> BadIds => ["", new string('a', 129), "bad id", "a/b", "é", "%2F"];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Send_MalformedId_ThrowsValidationErrorWithoutTouchingRepository(string executorId)
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(SampleExecutors.Full());
        await using var provider = BuildProvider(repository);
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        // Act
        var exception = await Record.ExceptionAsync(
            () => mediator.Send(new GetExecutorQuery(executorId), TestContext.Current.CancellationToken));

        // Assert
        var validation = Assert.IsType<RequestValidationException>(exception);
        var messages = Assert.Contains("executor_id", validation.Errors);
        Assert.NotEmpty(messages);
        Assert.Single(validation.Errors);
        Assert.Empty(repository.Lookups);
    }

    [Fact]
    public async Task Send_WellFormedExistingId_ReturnsResponseAfterOneLookup()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository(SampleExecutors.Full());
        await using var provider = BuildProvider(repository);
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        // Act
        var result = await mediator.Send(
            new GetExecutorQuery(SampleExecutors.FullId), TestContext.Current.CancellationToken);

        // Assert
        Assert.True(result.Found);
        var response = result.Executor;
        Assert.Equal(SampleExecutors.FullId, response.ExecutorId);
        Assert.Equal("TERMINATED", response.Status);
        Assert.Equal([SampleExecutors.FullId], repository.Lookups);
    }

    [Fact]
    public async Task Send_WellFormedUnknownId_AnswersNotFoundWithoutAnExceptionAfterOneLookup()
    {
        // Arrange: with the TERMINATED-executor cache step in the pipeline, as in the API.
        var repository = new InMemoryExecutorRepository();
        await using var provider = BuildProvider(repository, terminatedExecutors: new DictionaryTerminatedExecutorCache());
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is NotFoundException notFound && notFound.Key == "a.b_c:d-e")
            {
                Interlocked.Increment(ref thrown);
            }
        }

        // Act
        AppDomain.CurrentDomain.FirstChanceException += Count;
        GetExecutorQueryResult result;
        try
        {
            result = await mediator.Send(new GetExecutorQuery("a.b_c:d-e"), TestContext.Current.CancellationToken);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        // Assert: nothing was thrown, not even caught on the way.
        Assert.False(result.Found);
        Assert.Equal(new NotFoundException("Executor", "a.b_c:d-e").Message, result.NotFoundDetail);
        Assert.Equal(0, thrown);
        Assert.Equal(["a.b_c:d-e"], repository.Lookups);
    }

    [Fact]
    public async Task AddApplication_Registrations_ResolveValidatorMapperAndHandler()
    {
        // Arrange
        await using var provider = BuildProvider(new InMemoryExecutorRepository());
        await using var scope = provider.CreateAsyncScope();

        // Act
        var validators = scope.ServiceProvider.GetServices<IValidator<GetExecutorQuery>>().ToArray();
        var mapper = scope.ServiceProvider.GetRequiredService<IMapper>();
        var handler = scope.ServiceProvider.GetRequiredService<IRequestHandler<GetExecutorQuery, GetExecutorQueryResult>>();

        // Assert
        Assert.IsType<GetExecutorQueryValidator>(Assert.Single(validators));
        Assert.NotNull(mapper.ConfigurationProvider.Internal().FindTypeMapFor<Executor, ExecutorDetailResponse>());
        Assert.IsType<GetExecutorQueryHandler>(handler);
    }

    [Fact]
    public async Task Send_Commands_RunInOneUnitOfWorkAfterValidation_QueriesInNone()
    {
        // Arrange
        var unitOfWork = new InlineUnitOfWork();
        await using var provider = BuildProvider(new InMemoryExecutorRepository(SampleExecutors.Full()), services => services.AddSingleton<IUnitOfWork>(unitOfWork));
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var state = new ExecutorStateRequest { Status = "RUNNING", AccountName = "acct" };

        // Act
        var put = await mediator.Send(new PutExecutorCommand("New1", state, WriteCondition.None), TestContext.Current.CancellationToken);
        var invalid = await Record.ExceptionAsync(() => mediator.Send(new PutExecutorCommand("bad id", state, WriteCondition.None), TestContext.Current.CancellationToken));
        await mediator.Send(new GetExecutorQuery(SampleExecutors.FullId), TestContext.Current.CancellationToken);

        // Assert
        Assert.True(put.Created);
        Assert.IsType<RequestValidationException>(invalid);
        Assert.Equal(1, unitOfWork.Runs);
    }

    [Fact]
    public async Task Send_RememberedTerminatedExecutor_IsServedWithoutBuildingHandlerOrRepository()
    {
        // Arrange: the repository is scoped here, as in the API, so every one built is counted.
        var built = 0;
        var stored = new InMemoryExecutorRepository(SampleExecutors.Full());
        await using var provider = BuildProvider(
            stored,
            services => services.AddScoped<IExecutorRepository>(_ =>
            {
                Interlocked.Increment(ref built);
                return stored;
            }),
            new DictionaryTerminatedExecutorCache());

        // Act: two requests, each in its own scope as two HTTP requests would be.
        var responses = new List<GetExecutorQueryResult>();
        for (var request = 0; request < 2; request++)
        {
            await using var scope = provider.CreateAsyncScope();
            responses.Add(await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new GetExecutorQuery(SampleExecutors.FullId), TestContext.Current.CancellationToken));
        }

        // Assert: the second was answered from memory, before the handler (and its repository) existed.
        Assert.All(responses, response => Assert.Equal(SampleExecutors.FullId, response.Executor?.ExecutorId));
        Assert.Equal(1, built);
        Assert.Equal([SampleExecutors.FullId], stored.Lookups);
    }

    [Fact]
    public async Task Send_MalformedIdWithCache_IsRejectedBeforeTheCacheIsAsked()
    {
        // Arrange
        var cache = new DictionaryTerminatedExecutorCache();
        await using var provider = BuildProvider(new InMemoryExecutorRepository(), terminatedExecutors: cache);
        await using var scope = provider.CreateAsyncScope();

        // Act
        var exception = await Record.ExceptionAsync(() => scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new GetExecutorQuery("bad id"), TestContext.Current.CancellationToken));

        // Assert: validation is the outer step of the pipeline.
        Assert.IsType<RequestValidationException>(exception);
        Assert.Empty(cache.Asked);
    }

    private static ServiceProvider BuildProvider(
        IExecutorRepository repository,
        Action<IServiceCollection>? replace = null,
        ITerminatedExecutorCache? terminatedExecutors = null)
    {
        var services = new ServiceCollection();
        services.AddApplication();
        services.AddSingleton(repository);
        services.AddSingleton<IExecutorReadStore>(new InMemoryExecutorReadStore());
        services.AddSingleton<IExecutorLogRepository>(new InMemoryExecutorLogRepository());
        services.AddSingleton<IIdempotentRequests>(new InMemoryIdempotentRequests());
        services.AddSingleton<IExecutorLeases>(new InMemoryExecutorLeases());
        services.AddSingleton<ILeaseReadStore>(new InMemoryLeaseReadStore());
        services.AddSingleton(new EngineOptions());
        services.AddSingleton<global::Executors.Application.LiveUpdates.IStreamTickets>(new InMemoryStreamTickets());
        services.AddSingleton<global::Executors.Application.LiveUpdates.IExecutorEventReads>(new InMemoryExecutorEventReads());
        services.AddSingleton(new global::Executors.Application.LiveUpdates.StreamTicketOptions());
        services.AddSingleton<IPositionHoldReadStore>(new InMemoryPositionHoldReadStore());
        services.AddScoped<IPositionHoldRepository, InMemoryPositionHoldRepository>();
        services.AddSingleton(new ExecutorLogOptions());
        services.AddSingleton<ICurrentUser>(FixedCurrentUser.Everything);
        services.AddSingleton<IUnitOfWork>(new InlineUnitOfWork());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        if (terminatedExecutors is not null)
        {
            services.AddSingleton(terminatedExecutors);
        }

        replace?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
