using System.Net;
using System.Net.Sockets;

namespace Executors.Api.Tests.Infrastructure;

internal static class UnreachableDatabase
{
    /// <summary>
    /// A connection string to a loopback port on which nothing listens: a real refused connection. Without
    /// <paramref name="withTimeout"/> the API's own connect timeout applies.
    /// </summary>
    public static string ConnectionString(bool withTimeout = true)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var connectionString = $"Host=127.0.0.1;Port={port};Database=executors;Username=postgres";
        return withTimeout ? connectionString + ";Timeout=2" : connectionString;
    }
}
