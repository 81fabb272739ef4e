using System.Net;
using System.Net.Sockets;

namespace LoanJourney.TestSupport;

/// <summary>
/// A child process cannot report the port it got for <c>:0</c> back to us without parsing its logs, so we ask the OS for a
/// free port, release it and pass it on. Another process could take it in between; starting fails then and is retried.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
