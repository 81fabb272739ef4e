using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace LoanJourney.Server.Http;

/// <summary>
/// Whose <c>X-Forwarded-For</c> the server believes (docs/server.md, "Behind a reverse proxy"): only the proxies listed in
/// <c>Server:ForwardedHeaders:KnownProxies</c> (addresses or CIDR networks). With none listed the header is ignored and the
/// client's address is the socket peer — what the audit trail records then is the proxy's address, never a value any
/// client can write. ASP.NET Core's own switch <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> believes the header from anyone,
/// so the start refuses it.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "Server:ForwardedHeaders:KnownProxies";

    public static ForwardedHeadersOptions? From(IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
        {
            throw new InvalidOperationException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED believes X-Forwarded-For from any client, so anyone could write the address " +
                $"the audit trail records: unset it and list the reverse proxies in {Section} (addresses or CIDR networks).");
        }

        var entries = configuration.GetSection(Section).Get<string[]>() ?? [];
        if (entries.Length == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        options.KnownProxies.Clear(); // the defaults trust loopback: only what is listed
        options.KnownIPNetworks.Clear();
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i]?.Trim() ?? "";
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{Section}:{i} must be an IP address or a CIDR network (e.g. 10.0.0.0/8), not '{entry}'.");
            }
        }

        return options;
    }

    /// <summary>First in the pipeline, so that the request log, authentication and the audit trail see the forwarded address.</summary>
    public static void UseTrustedForwardedHeaders(this WebApplication app)
    {
        if (From(app.Configuration) is { } options)
        {
            app.UseForwardedHeaders(options);
        }
    }
}
