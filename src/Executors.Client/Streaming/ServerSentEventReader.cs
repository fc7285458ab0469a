using System.Text;

namespace Executors.Client;

/// <summary>One Server-Sent Event: <c>event</c> (default <c>message</c>), <c>data</c> (lines joined by LF) and the last <c>id</c> seen.</summary>
internal sealed record SseEvent(string Event, string Data, string? Id);

/// <summary>
/// Reads <c>text/event-stream</c> as the HTML standard says: lines end in CRLF, LF or CR; <c>:</c> starts a comment
/// (the keep-alives); <c>field: value</c> with one optional space; a blank line dispatches the event; an <c>id</c>
/// persists for the following events; an event with no data is not dispatched.
/// </summary>
internal sealed class ServerSentEventReader(TextReader reader)
{
    private readonly StringBuilder _data = new();
    private string? _lastId;

    /// <summary>The id of the last event read (the mark to resume from), also one set by an event without data.</summary>
    public string? LastEventId => _lastId;

    /// <summary>The next event, or <c>null</c> at the end of the stream (an unfinished event at the end is dropped).</summary>
    public async Task<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? eventType = null;
        var hasData = false;
        _data.Clear();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (hasData)
                {
                    return new SseEvent(string.IsNullOrEmpty(eventType) ? "message" : eventType, _data.ToString(), _lastId);
                }

                eventType = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    eventType = value;
                    break;
                case "data":
                    if (hasData)
                    {
                        _data.Append('\n');
                    }

                    _data.Append(value);
                    hasData = true;
                    break;
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    _lastId = value;
                    break;
                default:
                    // retry and unknown fields: ignored.
                    break;
            }
        }
    }

    // TextReader.ReadLineAsync treats CR, LF and CRLF as line ends, as the standard does.
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
}
