using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace LoanJourney.Sandbox.Tests;

/// <summary>The standalone sandbox's 5090 when nothing names an address, and only then (EndToEnd <c>DotnetRunTests</c> runs it).</summary>
public sealed class SandboxDefaultAddressTests
{
    [Theory]
    [InlineData(null, null, "http://localhost:5090")]
    [InlineData("urls", "http://127.0.0.1:5471", "http://127.0.0.1:5471")]
    [InlineData("http_ports", "8080", null)]
    [InlineData("https_ports", "8443", null)]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:5472", null)]
    public void ApplyTo_ListensOn5090OnlyWhenNothingNamesAnAddress(string? key, string? value, string? expectedUrls)
    {
        // An empty builder: the test process's own ASPNETCORE_URLS, if any, must not decide the case.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        if (key is not null)
        {
            builder.Configuration.AddInMemoryCollection([new(key, value)]);
        }

        SandboxDefaultAddress.ApplyTo(builder);

        Assert.Equal(expectedUrls, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }
}
