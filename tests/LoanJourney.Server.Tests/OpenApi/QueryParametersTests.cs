using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.OpenApi;

/// <summary>
/// The queries the handlers read themselves, in the OpenAPI document: what a generated client is typed from. Each typed
/// parameter declared is one the handler reads, shown by a value of the wrong type being refused naming it.
/// </summary>
public sealed class QueryParametersTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    public static TheoryData<string, string> Operations => new()
    {
        { "/api/instances", "/api/instances" },
        { "/api/instances/{id}/journal", "/api/instances/no-such-journey/journal" },
        { "/api/dashboard/funnel", "/api/dashboard/funnel?workflowId=finbox-personal-loan" },
        { "/api/audit", "/api/audit" },
    };

    [Fact]
    public async Task TheJourneysListDeclaresEveryFilter_WithTheParsersRangesAndDefaults()
    {
        var parameters = await ParametersAsync("/api/instances");

        Assert.Equal(
            ["workflowId", "version", "status", "outcome", "correlationId", "createdFrom", "createdTo", "updatedFrom", "updatedTo", "hasIncident",
                "waitingLongerThan", "sort", "order", "skip", "take", "after"],
            parameters.Keys);
        Assert.All(parameters.Values, p => Assert.Equal(("query", false), (p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false)));
        var status = parameters["status"]["schema"]!;
        Assert.Equal("array", status["type"]!.GetValue<string>());
        Assert.Equal(Enum.GetNames<WorkflowStatus>(), status["items"]!["enum"]!.AsArray().Select(s => s!.GetValue<string>()));
        var take = parameters["take"]["schema"]!;
        Assert.Equal((1, 500, 50), (take["minimum"]!.GetValue<int>(), take["maximum"]!.GetValue<int>(), take["default"]!.GetValue<int>()));
        Assert.Equal("date-time", parameters["createdFrom"]["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("boolean", parameters["hasIncident"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(["createdAt", "updatedAt"], parameters["sort"]["schema"]!["enum"]!.AsArray().Select(s => s!.GetValue<string>()));
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

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryTypedParameterDeclaredIsReadByTheHandler_AWrongValueIsRefusedNamingIt(string path, string url)
    {
        using var client = factory.CreateApiClient();
        var typed = (await ParametersAsync(path)).Values
            .Where(p => p["in"]!.GetValue<string>() == "query" && Typed(p["schema"]!))
            .Select(p => p["name"]!.GetValue<string>())
            .ToList();
        Assert.NotEmpty(typed);

        foreach (var name in typed)
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            using var response = await client.GetAsync($"{url}{separator}{name}=not-a-value");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}?{name}=not-a-value answered {(int)response.StatusCode}");
            var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(name), $"{path}?{name}=not-a-value: the problem names {string.Join(", ", errors.Select(e => e.Key))}");
        }
    }

    // A parameter whose schema refuses "not-a-value": a number, a time, a flag or a closed set of words.
    private static bool Typed(JsonNode schema) =>
        schema["type"]?.GetValue<string>() is "integer" or "number" or "boolean"
        || schema["format"]?.GetValue<string>() == "date-time"
        || schema["enum"] is not null
        || schema["items"]?["enum"] is not null;

    private async Task<Dictionary<string, JsonNode>> ParametersAsync(string path)
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        return document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!, StringComparer.Ordinal);
    }
}
