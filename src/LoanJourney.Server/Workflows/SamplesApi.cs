using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Auth;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows;

/// <summary>
/// The sample start input of a workflow, <c>{DefinitionsDirectory}/samples/{id}.json</c>: the Studio's start form fills
/// itself from it in one click (docs/api.md, "Samples"). Samples are demo data committed with the definitions, never PII.
/// </summary>
internal static partial class SamplesApi
{
    public static RouteGroupBuilder MapSamplesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Workflows");
        api.MapGet("/{id}/sample", GetAsync).ProducesProblems(400, 404).AllowPartners(); // a start input to begin from (PartnerScope)
        return api;
    }

    // ?ifExists=true answers a workflow without a sample file with 204: the start form and the test run ask whether there
    // is one to offer, and a new workflow has none (a 404 would be a failed request in the browser's console).
    private static async Task<Results<Ok<JsonObject>, NoContent, ProblemHttpResult>> GetAsync(string id, bool? ifExists, EngineOptions options, CancellationToken cancellationToken)
    {
        if (!WorkflowId().IsMatch(id))
        {
            return Problem.Invalid("id", "A workflow id is 1-100 letters, digits, '.', '_' or '-'.");
        }

        var path = options.DefinitionsDirectory is { Length: > 0 } directory ? Path.Combine(directory, "samples", id + ".json") : null;
        if (path is null || !File.Exists(path))
        {
            return ifExists == true ? TypedResults.NoContent() : Problem.NotFound($"No sample input for workflow '{id}' (workflows/samples/{id}.json).", "sample_not_found");
        }

        await using var file = File.OpenRead(path);
        var node = await JsonNode.ParseAsync(file, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }, cancellationToken: cancellationToken);
        return node is JsonObject sample
            ? TypedResults.Ok(sample)
            : Problem.NotFound($"The sample for workflow '{id}' is not a JSON object.", "sample_not_found");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex WorkflowId();
}
