using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

/// <summary>GET /api/workflows/{id}/sample: the sample start input the Studio's start form and test run offer.</summary>
public sealed class SamplesApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task AWorkflowsSampleIsItsFile()
    {
        using var client = factory.CreateApiClient();

        var sample = JsonNode.Parse(await client.GetStringAsync("/api/workflows/finbox-personal-loan/sample"))!;

        Assert.Equal("CUST-DEMO-PL-1", sample["customerId"]!.GetValue<string>());
        Assert.Equal("CUST-DEMO-PL-1", JsonNode.Parse(await client.GetStringAsync("/api/workflows/finbox-personal-loan/sample?ifExists=true"))!["customerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWorkflowWithoutASampleIs404_Or204WhenAskedWhetherItHasOne()
    {
        using var client = factory.CreateApiClient();

        using var missing = await client.GetAsync("/api/workflows/test-review/sample");
        Assert.Equal("sample_not_found", (await missing.AssertProblemAsync(HttpStatusCode.NotFound))["code"]!.GetValue<string>());

        using var asked = await client.GetAsync("/api/workflows/test-review/sample?ifExists=true");
        Assert.Equal(HttpStatusCode.NoContent, asked.StatusCode);
        Assert.Empty(await asked.Content.ReadAsByteArrayAsync());
    }
}
