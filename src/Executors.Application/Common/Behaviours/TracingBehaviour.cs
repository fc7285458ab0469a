using System.Diagnostics;
using MediatR;

namespace Executors.Application.Common.Behaviours;

/// <summary>
/// One span per request MediatR handles, named after the request type, between ASP.NET Core's span and the database's.
/// It costs nothing when no tracer listens (<see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null).
/// </summary>
internal sealed class TracingBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string SpanName = typeof(TRequest).Name;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        using var activity = ApplicationTelemetry.Source.StartActivity(SpanName, ActivityKind.Internal);
        activity?.SetTag("mediatr.request", SpanName);
        try
        {
            return await next();
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }
}
