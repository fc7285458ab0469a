using System.Net;
using System.Net.Sockets;

namespace Executors.Chaos;

/// <summary>HTTP clients whose connections leave from a chosen loopback address, so that a server sees many clients.</summary>
public static class LoopbackClient
{
    /// <summary>
    /// A client of <paramref name="baseAddress"/> (an IP address or <c>localhost</c>) whose sockets are bound to
    /// <paramref name="source"/> before they connect: on Linux every address of 127.0.0.0/8 is local, no setup needed.
    /// </summary>
    public static HttpClient Create(Uri baseAddress, IPAddress source, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    var host = context.DnsEndPoint.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(context.DnsEndPoint.Host);
                    await socket.ConnectAsync(host, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }
}
