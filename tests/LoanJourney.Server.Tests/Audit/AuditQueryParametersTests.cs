using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Audit;

/// <summary>The audit list's query in the OpenAPI document: what a generated client (the Studio's filters) is typed from.</summary>
public sealed class AuditQueryParametersTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task TheAuditListDeclaresItsQueryWithEveryActionItRecords()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var parameters = document["paths"]!["/api/audit"]!["get"]!["parameters"]!.AsArray();

        Assert.Equal(["from", "to", "principal", "action", "workflowId", "instanceId", "before", "skip", "take"], parameters.Select(p => p!["name"]!.GetValue<string>()));
        Assert.All(parameters, p => Assert.Equal(("query", false), (p!["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false)));
        var byName = parameters.ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!);
        Assert.Equal("date-time", byName["from"]["format"]!.GetValue<string>());
        Assert.Equal("date-time", byName["to"]["format"]!.GetValue<string>());
        Assert.Equal((1, 1000, 100), (byName["take"]["minimum"]!.GetValue<int>(), byName["take"]["maximum"]!.GetValue<int>(), byName["take"]["default"]!.GetValue<int>()));
        Assert.Equal(0, byName["skip"]["minimum"]!.GetValue<int>());
        Assert.Equal(AuditActions.All, byName["action"]["enum"]!.AsArray().Select(a => a!.GetValue<string>()));
    }
}
