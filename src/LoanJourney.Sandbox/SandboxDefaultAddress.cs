using Microsoft.AspNetCore.Hosting;

namespace LoanJourney.Sandbox;

/// <summary>
/// The standalone sandbox's address when nothing names one: <see cref="Url"/>, next to the server's 5080 (docs/sandbox.md,
/// "Run it"). Set here rather than as the launch profile's <c>applicationUrl</c>, which <c>dotnet run</c> sets as
/// <c>ASPNETCORE_URLS</c> over the caller's own, so <c>ASPNETCORE_URLS=… dotnet run</c> was ignored (as the server's was
/// until session 41); and rather than as <c>Urls</c> in an appsettings.json of this project, which the Web SDK would copy
/// into the output of the server that references it.
/// </summary>
public static class SandboxDefaultAddress
{
    public const string Url = "http://localhost:5090";

    /// <summary>
    /// Listens on <see cref="Url"/> unless the configuration names an address its own way: <c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>/<c>DOTNET_URLS</c>/<c>Urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> (the .NET container
    /// images set 8080) or Kestrel endpoints.
    /// </summary>
    public static void ApplyTo(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var c = builder.Configuration;
        var named = !string.IsNullOrWhiteSpace(c[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(c[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(c[WebHostDefaults.HttpsPortsKey])
            || c.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!named)
        {
            builder.WebHost.UseUrls(Url);
        }
    }
}
