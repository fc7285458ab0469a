using AutoMapper;
using Executors.Application.Common.Behaviours;
using Executors.Application.Common.Mapping;
using Executors.Application.Common.Persistence;
using Executors.Application.Executors.Queries.GetExecutor;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Executors.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5.1.0 has no DI package that can be had here, so the mediator, its service factory, the pipeline and
    /// the handlers are registered by hand. Pipeline order is outer → inner: validation runs before every handler.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();

        // Unhandled-exception logging is the API's IExceptionHandler's job (one place, logged once), so the pipeline
        // holds validation and, inside it, the GET's cache of TERMINATED executors or, for a command, its unit of work
        // (registered in that order).
        // Outermost: the span covers validation, the cache and the handler.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TracingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped<IPipelineBehavior<GetExecutorQuery, GetExecutorQueryResult>, TerminatedExecutorCacheBehaviour>();

        foreach (var type in assembly.GetTypes().Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var handler in type.GetInterfaces()
                .Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            {
                services.AddScoped(handler, type);

                // Closed registrations, one per command: queries' pipelines never see the unit of work.
                var (request, response) = (handler.GenericTypeArguments[0], handler.GenericTypeArguments[1]);
                if (typeof(ICommand<>).MakeGenericType(response).IsAssignableFrom(request))
                {
                    services.AddScoped(
                        typeof(IPipelineBehavior<,>).MakeGenericType(request, response),
                        typeof(UnitOfWorkBehaviour<,>).MakeGenericType(request, response));
                }
            }
        }

        services.TryAddSingleton(TimeProvider.System);

        // Validators hold no state: one instance each for the life of the process.
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        var mapperConfiguration = MapperFactory.CreateConfiguration();
        services.AddSingleton<IConfigurationProvider>(mapperConfiguration);
        services.AddSingleton<IMapper>(provider => new Mapper(mapperConfiguration, provider.GetService));

        return services;
    }
}
