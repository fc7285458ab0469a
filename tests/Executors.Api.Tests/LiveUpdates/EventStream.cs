using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>One Server-Sent Event as a client parses it.</summary>
internal sealed record ServerSentEvent(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>
/// A Server-Sent Events client for the tests: the response read as it arrives (ResponseHeadersRead), lines parsed as
/// EventSource does; comments (keep-alives) are counted and skipped. Disposing it closes the connection.
/// </summary>
internal sealed class EventStream : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        _client = client;
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public int Comments { get; private set; }

    /// <summary>Sends the request; the answer is a stream (200) or a problem the caller reads from <see cref="Response"/>.</summary>
    public static async Task<EventStream> OpenAsync(ApiFactory api, string path, string? user = TestUsers.Reader, string? password = TestUsers.ReaderPassword, string? lastEventId = null)
    {
        var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (user is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password!));
        }

        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new EventStream(client, response, new StreamReader(body, Encoding.UTF8));
    }

    /// <summary>Opens a stream that must be accepted.</summary>
    public static async Task<EventStream> OpenOkAsync(ApiFactory api, string path, string? user = TestUsers.Reader, string? password = TestUsers.ReaderPassword, string? lastEventId = null)
    {
        var stream = await OpenAsync(api, path, user, password, lastEventId);
        if (stream.Response.StatusCode != HttpStatusCode.OK)
        {
            var text = await stream.Response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            await stream.DisposeAsync();
            Assert.Fail($"{path}: {stream.Response.StatusCode} {text}");
        }

        return stream;
    }

    /// <summary>The next event; fails after <paramref name="timeout"/> (default 10 s) without one.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout ?? DefaultTimeout);
        string? id = null;
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0 || name is not null)
                {
                    return new ServerSentEvent(id, name ?? "message", data.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments++;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                    break;
            }
        }
    }

    /// <summary>Events until one for <paramref name="executorId"/> comes; returns them all, that one last.</summary>
    public async Task<List<ServerSentEvent>> UntilExecutorAsync(string executorId)
    {
        var events = new List<ServerSentEvent>();
        while (true)
        {
            var next = await NextAsync();
            events.Add(next);
            if (next.Json.GetProperty("executor_id").GetString() == executorId)
            {
                return events;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        await Task.CompletedTask;
    }
}
