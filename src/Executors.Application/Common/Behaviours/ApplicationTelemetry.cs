using System.Diagnostics;

namespace Executors.Application.Common.Behaviours;

/// <summary>The Application layer's span source: one span per MediatR request (<see cref="TracingBehaviour{TRequest, TResponse}"/>).</summary>
public static class ApplicationTelemetry
{
    public const string SourceName = "Executors.Application";

    internal static readonly ActivitySource Source = new(SourceName);
}
