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
        Assert.Contains("No principal is configured", message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("FinBox", "finbox")]
    [InlineData("Partner", "partner")]
    public void ServerRefusesToStartInProductionWithAnUnverifiedWebhookSource(string section, string source)
    {
        var other = section == "FinBox" ? "Partner" : "FinBox";
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            [$"Webhook:{section}:AllowUnverified"] = "false",
            [$"Webhook:{other}:AllowUnverified"] = "false",
            [$"Webhook:{other}:UrlToken"] = "a-long-random-token-0123456789abcdef",
        }, environment: "Production");

        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains($"Webhook source '{source}' has no verification", message, StringComparison.Ordinal);
        Assert.Contains($"Webhook:{section}:AllowUnverified", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnverifiedSourceAllowedExplicitlyStartsAndReadinessShowsIt()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Webhook:FinBox:AllowUnverified"] = "true",
            ["Webhook:Partner:AllowUnverified"] = "false",
            ["Webhook:Partner:Secret"] = "partner-secret",
        }, environment: "Production");

        var ready = await (await factory.CreateClient().GetAsync("/health/ready")).ReadObjectAsync();

        Assert.Equal(["finbox"], ready["unverifiedWebhooks"]!.AsArray().Select(s => s!.GetValue<string>()));
    }
}
