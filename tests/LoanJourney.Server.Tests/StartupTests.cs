using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public void ServerRefusesToStartOutsideDevelopmentWithoutAKey()
    {
        using var factory = new ServerFactory(null, environment: "Production", withKey: false);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = error.ToString();
        Assert.Contains("No API key is configured", message, StringComparison.Ordinal);
        Assert.Contains("Server__ApiKeys__0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentFallsBackToTheDocumentedDevKey()
    {
        using var factory = new ServerFactory(null, environment: "Development", withKey: false);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-key");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workflows")).StatusCode);
    }
}
