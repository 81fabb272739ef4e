using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// Real Kestrel for a <see cref="WebApplicationFactory{TEntryPoint}"/>, listening on 127.0.0.1 (port 0: a free one, read back
/// from the server's addresses). Not <c>UseKestrel(port)</c>: for a minimal-hosting app the factory sets the port by clearing
/// the server's addresses after the app has begun starting Kestrel, and when Kestrel binds first that throws "Addresses cannot
/// be modified after the server has started" (dotnet/aspnetcore#67714; StudioDeliveryTests once in CI session 39). Kestrel's
/// own options name the endpoint before it starts.
/// </summary>
internal static class KestrelOnLoopback
{
    public static void UseKestrelOnLoopback<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, int port = 0)
        where TEntryPoint : class =>
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
}
