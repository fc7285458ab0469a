using AutoMapper;
using BenchmarkDotNet.Attributes;
using Executors.Application;
using Executors.Application.Common.Security;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// GET /executors/{id} below the controller, with no database: the real <c>AddApplication()</c> container, a store that
/// returns a pre-built aggregate. The handler alone is the baseline, so what MediatR, the DI scope and the validation
/// behaviour add is the difference.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroConfig))]
[BenchmarkCategory("Pipeline")]
public class PipelineBenchmarks
{
    private readonly GetExecutorQuery _query = new(SampleExecutor.Id);
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private IMediator _mediator = null!;
    private GetExecutorQueryHandler _handler = null!;
    private IValidator<GetExecutorQuery> _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddApplication();
        services.AddSingleton<IExecutorRepository>(new PrebuiltExecutorRepository(SampleExecutor.Create()));
        services.AddSingleton<ICurrentUser, EveryAccountUser>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        _scope = _services.CreateScope();
        _mediator = _scope.ServiceProvider.GetRequiredService<IMediator>();
        _handler = new GetExecutorQueryHandler(
            _services.GetRequiredService<IExecutorRepository>(),
            _services.GetRequiredService<ICurrentUser>(),
            _services.GetRequiredService<IMapper>());
        _validator = _services.GetRequiredService<IValidator<GetExecutorQuery>>();

        if (_mediator.Send(_query).GetAwaiter().GetResult().ExecutorId != SampleExecutor.Id)
        {
            throw new InvalidOperationException("The pipeline did not return the sample executor.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    /// <summary>Store lookup + AutoMapper (including parsing config and custom_info): no MediatR, no validation.</summary>
    [Benchmark(Baseline = true)]
    public Task<GetExecutorQueryResult> HandlerAlone() => _handler.Handle(_query, CancellationToken.None);

    /// <summary>The same through MediatR and the validation behaviour, on a mediator already resolved.</summary>
    [Benchmark]
    public Task<GetExecutorQueryResult> MediatorSend() => _mediator.Send(_query, CancellationToken.None);

    /// <summary>What a request pays: a DI scope (RequestServices), the scoped mediator resolved from it, and Send.</summary>
    [Benchmark]
    public async Task<GetExecutorQueryResult> MediatorSendInNewScope()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetExecutorQuery(SampleExecutor.Id), CancellationToken.None);
    }

    /// <summary>The validator on its own (the singleton the behaviour runs).</summary>
    [Benchmark]
    public Task<ValidationResult> ValidatorAlone() => _validator.ValidateAsync(_query, CancellationToken.None);
}
