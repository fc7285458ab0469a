using System.Net;
using System.Net.Sockets;

namespace Executors.Api.Authentication;

/// <summary>What a client address counts as: an IPv4 address itself, an IPv6 address by its /64 (what one client usually holds).</summary>
internal static class ClientNetwork
{
    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
