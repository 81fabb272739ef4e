using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Server.Instances.Bulk;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.OpenApi;

/// <summary>
/// The queries the handlers read themselves (the journeys list, the journal, the funnel, the audit list), in the OpenAPI
/// document: what a generated client is typed from. That each typed parameter declared is one the handler reads (a wrong
/// value is refused naming it) is ParameterBindingTests'.
/// </summary>
public sealed class QueryParametersTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task TheJourneysListDeclaresEveryFilter_WithTheParsersRangesAndDefaults()
    {
        var parameters = await ParametersAsync("/api/instances");

        Assert.Equal(
            ["workflowId", "version", "status", "outcome", "correlationId", "partner", "hasPartner", "createdFrom", "createdTo", "updatedFrom", "updatedTo", "hasIncident",
                "incidentKind", "deferredOn", "waitingLongerThan", "sort", "order", "skip", "take", "after"],
            parameters.Keys);
        Assert.All(parameters.Values, p => Assert.Equal(("query", false), (p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false)));
        var status = parameters["status"]["schema"]!;
        Assert.Equal("array", status["type"]!.GetValue<string>());
        Assert.Equal(Enum.GetNames<WorkflowStatus>(), status["items"]!["enum"]!.AsArray().Select(s => s!.GetValue<string>()));
        var take = parameters["take"]["schema"]!;
        Assert.Equal((1, 500, 50), (take["minimum"]!.GetValue<int>(), take["maximum"]!.GetValue<int>(), take["default"]!.GetValue<int>()));
        Assert.Equal("date-time", parameters["createdFrom"]["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("boolean", parameters["hasIncident"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal("string", parameters["incidentKind"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(["createdAt", "updatedAt"], parameters["sort"]["schema"]!["enum"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    // A bulk filter refuses any field but the list's filters (its paging and sort are the operation's own): a filter added
    // to the list and not to BulkFilter.Fields would be refused by every bulk operation.
    [Fact]
    public async Task TheBulkFilterTakesEveryFilterOfTheJourneysList_ButNotItsPagingOrSort()
    {
        var parameters = await ParametersAsync("/api/instances");

        Assert.Equal(parameters.Keys.Except(["sort", "order", "skip", "take", "after"]), BulkFilter.Fields);
    }

    [Fact]
    public async Task TheJournalAndTheFunnelDeclareTheirQuery()
    {
        var journal = await ParametersAsync("/api/instances/{id}/journal");
        Assert.Equal(["id", "skip", "take"], journal.Keys);
        Assert.Equal((1, 1000, 200), (journal["take"]["schema"]!["minimum"]!.GetValue<int>(), journal["take"]["schema"]!["maximum"]!.GetValue<int>(), journal["take"]["schema"]!["default"]!.GetValue<int>()));

        var funnel = await ParametersAsync("/api/dashboard/funnel");
        Assert.Equal(["workflowId", "stuckAfterSeconds"], funnel.Keys);
        Assert.True(funnel["workflowId"]["required"]!.GetValue<bool>());
        Assert.Equal(3600, funnel["stuckAfterSeconds"]["schema"]!["default"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheAuditListDeclaresItsQueryWithEveryActionItRecords()
    {
        var parameters = await ParametersAsync("/api/audit");

        Assert.Equal(["from", "to", "principal", "action", "workflowId", "instanceId", "before", "skip", "take"], parameters.Keys);
        Assert.All(parameters.Values, p => Assert.Equal(("query", false), (p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false)));
        Assert.Equal("date-time", parameters["from"]["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("date-time", parameters["to"]["schema"]!["format"]!.GetValue<string>());
        var take = parameters["take"]["schema"]!;
        Assert.Equal((1, 1000, 100), (take["minimum"]!.GetValue<int>(), take["maximum"]!.GetValue<int>(), take["default"]!.GetValue<int>()));
        Assert.Equal(0, parameters["skip"]["schema"]!["minimum"]!.GetValue<int>());
        Assert.Equal(1, parameters["before"]["schema"]!["minimum"]!.GetValue<int>());
        // Several actions per query since session 46 (`action=cancel,skip` or the parameter repeated): an array of the enum.
        var action = parameters["action"]["schema"]!;
        Assert.Equal("array", action["type"]!.GetValue<string>());
        Assert.Equal(AuditActions.All, action["items"]!["enum"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    // The import and the draft save read ?expectedRevision themselves: without it in the document, the Studio's generated
    // client had no name or type for the optimistic check it sends on both.
    [Fact]
    public async Task TheImportAndTheDraftSaveDeclareTheRevisionTheyExpect()
    {
        var import = await ParametersAsync("/api/workflows/import", "post");
        var save = await ParametersAsync("/api/workflows/{id}/draft", "put");

        Assert.Equal(["expectedRevision"], import.Keys);
        Assert.Equal(["id", "expectedRevision", "expectedVersion"], save.Keys);
        foreach (var expected in new[] { import["expectedRevision"], save["expectedRevision"], save["expectedVersion"] })
        {
            Assert.Equal(("query", false), (expected["in"]!.GetValue<string>(), expected["required"]?.GetValue<bool>() ?? false));
            Assert.Equal(("integer", 0), (expected["schema"]!["type"]!.GetValue<string>(), expected["schema"]!["minimum"]!.GetValue<int>()));
            Assert.False(string.IsNullOrWhiteSpace(expected["description"]?.GetValue<string>()));
        }
    }

    private async Task<Dictionary<string, JsonNode>> ParametersAsync(string path, string method = "get")
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        return document["paths"]![path]![method]!["parameters"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!, StringComparer.Ordinal);
    }
}
