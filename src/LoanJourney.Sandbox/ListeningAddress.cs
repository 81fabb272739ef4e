using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LoanJourney.Sandbox;

/// <summary>
/// The address this process's server actually listens on, read from <see cref="IServer"/> once the host has started (so
/// <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c> and port 0 are all seen as bound). Wildcard hosts (<c>+</c>,
/// <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) become a loopback name: the caller is this same machine. HTTP is preferred
/// over HTTPS (no certificate to trust for a call to oneself).
/// </summary>
public sealed class ListeningAddress(IServer server, IHostApplicationLifetime lifetime)
{
    /// <summary>The root URL (no path, ending with <c>/</c>); throws before the server listens.</summary>
    public Uri Root
    {
        get
        {
            if (!lifetime.ApplicationStarted.IsCancellationRequested)
            {
                throw new InvalidOperationException("The server does not listen yet: its address is known once the host has started.");
            }

            // A server without network addresses (the in-memory test server) has no address to follow: plain localhost.
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var chosen = addresses.OrderBy(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 0 : 1).FirstOrDefault();
            return chosen is null ? new Uri("http://localhost/") : Loopback(chosen);
        }
    }

    /// <summary><paramref name="path"/> on this server (a leading <c>/</c> is optional).</summary>
    public Uri Resolve(string path) => new(Root, path.TrimStart('/'));

    internal static Uri Loopback(string address)
    {
        // "http://+:5080" and "http://*:5080" are not valid URIs; name the host before parsing.
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal) + 3;
        var hostEnd = address.Length > schemeEnd && address[schemeEnd] == '['
            ? address.IndexOf(']', schemeEnd) + 1
            : address.IndexOfAny([':', '/'], schemeEnd);
        var host = hostEnd < 0 ? address[schemeEnd..] : address[schemeEnd..hostEnd];
        if (host is "+" or "*")
        {
            address = string.Concat(address.AsSpan(0, schemeEnd), "localhost", hostEnd < 0 ? "" : address.AsSpan(hostEnd));
        }

        var builder = new UriBuilder(address) { Path = "/" };
        builder.Host = builder.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => builder.Host,
        };
        return builder.Uri;
    }
}
