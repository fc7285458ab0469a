using AutoMapper;
using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Security;
using Executors.Application.Executors;
using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Application.Tests.Executors.Queries.GetExecutor;
using Executors.Application.Tests.Fakes;
using Executors.Domain.Executors;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

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
        var response = await mediator.Send(
            new GetExecutorQuery(SampleExecutors.FullId), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(SampleExecutors.FullId, response.ExecutorId);
        Assert.Equal("TERMINATED", response.Status);
        Assert.Equal([SampleExecutors.FullId], repository.Lookups);
    }

    [Fact]
    public async Task Send_WellFormedUnknownId_ThrowsNotFoundAfterOneLookup()
    {
        // Arrange
        var repository = new InMemoryExecutorRepository();
        await using var provider = BuildProvider(repository);
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        // Act
        var exception = await Record.ExceptionAsync(
            () => mediator.Send(new GetExecutorQuery("a.b_c:d-e"), TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<NotFoundException>(exception);
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
        var handler = scope.ServiceProvider.GetRequiredService<IRequestHandler<GetExecutorQuery, ExecutorDetailResponse>>();

        // Assert
        Assert.IsType<GetExecutorQueryValidator>(Assert.Single(validators));
        Assert.NotNull(mapper.ConfigurationProvider.FindTypeMapFor<Executor, ExecutorDetailResponse>());
        Assert.IsType<GetExecutorQueryHandler>(handler);
    }

    private static ServiceProvider BuildProvider(IExecutorRepository repository)
    {
        var services = new ServiceCollection();
        services.AddApplication();
        services.AddSingleton(repository);
        services.AddSingleton<IExecutorReadStore>(new InMemoryExecutorReadStore());
        services.AddSingleton<IExecutorLogRepository>(new InMemoryExecutorLogRepository());
        services.AddSingleton(new ExecutorLogOptions());
        services.AddSingleton<ICurrentUser>(FixedCurrentUser.Everything);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
