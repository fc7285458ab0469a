using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Executors.Api.Tests.Infrastructure;

/// <summary>A Serilog sink that keeps every event; registered in a test host's container (Serilog reads sinks from it).</summary>
internal sealed class CollectingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The events of loggers whose category starts with <paramref name="category"/> (e.g. a namespace).</summary>
    public IReadOnlyList<LogEvent> From(string category) =>
        [.. Events.Where(e => e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name }
            && name.StartsWith(category, StringComparison.Ordinal))];

    /// <summary>The events with this event id (from <c>[LoggerMessage(EventId = …)]</c>).</summary>
    public IReadOnlyList<LogEvent> WithEventId(int id) =>
        [.. Events.Where(e => e.Properties.TryGetValue("EventId", out var value) && value is StructureValue structure
            && structure.Properties.Any(p => p.Name == "Id" && p.Value.ToString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
}
