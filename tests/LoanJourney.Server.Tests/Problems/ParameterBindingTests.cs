using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// A typed parameter the framework binds (<c>?version=abc</c> for an <c>int?</c>) that does not parse was answered with a
/// bare 400: neither code, nor detail, nor the parameter's name (outside Development), or a <c>bad_request</c> quoting the
/// framework's message (in Development). Every such parameter of the OpenAPI document, whatever the environment, is now
/// a <c>validation</c> problem naming it in <c>errors</c> with what it takes.
/// </summary>
public sealed class ParameterBindingTests
{
    [Theory]
    [InlineData("Testing")]
    [InlineData("Development")]
    public async Task EveryTypedParameterOfTheDocument_ThatDoesNotParse_IsAProblemNamingIt(string environment)
    {
        using var factory = new ServerFactory(null, environment);
        var api = factory.CreateApiClient();
        var document = JsonNode.Parse(await api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var checkedParameters = new List<string>();
        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                foreach (var parameter in operation?["parameters"]?.AsArray() ?? [])
                {
                    if (!Typed(parameter!["schema"]))
                    {
                        continue;
                    }

                    var name = parameter["name"]!.GetValue<string>();
                    var where = parameter["in"]!.GetValue<string>();
                    var path = Fill(template, where == "path" ? name : null);
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), where == "query" ? $"{path}?{name}=abc" : path)
                    {
                        Content = method == "get" ? null : Api.Json("{}"),
                    };
                    if (where == "header")
                    {
                        request.Headers.Add(name, "abc");
                    }

                    var problem = await (await api.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, name);
                    Assert.Equal("validation", problem["code"]!.GetValue<string>());
                    // What it takes: "Must be an integer …", or the words there are ("Unknown status 'abc'; use Running, …",
                    // "Use asc or desc.").
                    Assert.Matches("^(Must be |Unknown |Use )", problem["errors"]![name]![0]!.GetValue<string>());
                    checkedParameters.Add($"{method} {template} {name}");
                }
            }
        }

        // version on GET /api/workflows/{id}, its input-schema and export, and on every start (generic and per workflow);
        // the queries handlers read themselves (OpenApi/QueryParameters): the journeys list, the journal, the funnel, the audit.
        Assert.True(checkedParameters.Count >= 7, string.Join('\n', checkedParameters));
        Assert.Contains("get /api/instances status", checkedParameters);
        Assert.Contains("get /api/instances/{id}/journal take", checkedParameters);
        Assert.Contains("get /api/dashboard/funnel stuckAfterSeconds", checkedParameters);
        Assert.Contains("get /api/audit action", checkedParameters);
    }

    // A parameter whose schema refuses "abc": a number, a flag, a time, or a closed set of words (an enum, or an array of one).
    private static bool Typed(JsonNode? schema) =>
        schema?["type"]?.GetValue<string>() is "integer" or "number" or "boolean"
        || schema?["format"]?.GetValue<string>() == "date-time"
        || schema?["enum"] is not null
        || schema?["items"]?["enum"] is not null;

    [Theory]
    [InlineData("/api/workflows/test-review?version=99999999999")]
    [InlineData("/api/workflows/test-review/input-schema?version=1.5")]
    [InlineData("/api/workflows/test-review/export?version=-")]
    public async Task AVersionOutOfRangeOrNotAWholeNumber_IsNamed(string path)
    {
        using var factory = new ServerFactory();
        var response = await factory.CreateApiClient().GetAsync(new Uri(path, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "version");
        Assert.StartsWith("Must be a positive whole number (1 or more).", problem["errors"]!["version"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // The template with its path parameters set: the one under test to "abc", the others to a value that exists.
    private static string Fill(string template, string? bad) =>
        string.Join('/', template.Split('/').Select(segment => segment.StartsWith('{')
            ? segment[1..^1] == bad ? "abc" : segment switch { "{id}" or "{workflowId}" => "test-review", _ => "x" }
            : segment));
}
