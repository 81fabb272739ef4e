using LoanJourney.Server.OpenApi;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Audit;

/// <summary><c>GET /api/audit</c>: every operator action across journeys, newest first (docs/api.md, "Audit").</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Audit");
        api.MapGet("/", ListAsync).ProducesProblems(400)
            .WithSummary("Operator actions across journeys, newest first (docs/api.md, \"Audit\"); page by keyset: before = the previous page's next (an action recorded meanwhile neither shifts nor repeats a page); total counts every match.")
            .AddOpenApiOperationTransformer(AuditQueryParameters.DescribeAsync);
        return api;
    }

    private static async Task<Results<Ok<AuditPageView>, ProblemHttpResult>> ListAsync(HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var q = request.Query;
        var query = new AuditQuery
        {
            From = InstanceQueryParser.Time(q, "from", errors),
            To = InstanceQueryParser.Time(q, "to", errors),
            Principal = InstanceQueryParser.Text(q, "principal"),
            Action = Action(InstanceQueryParser.Text(q, "action"), errors),
            WorkflowId = InstanceQueryParser.Text(q, "workflowId"),
            InstanceId = InstanceQueryParser.Text(q, "instanceId"),
            Before = InstanceQueryParser.OptionalLong(q, "before", 1, errors),
            Skip = InstanceQueryParser.Integer(q, "skip", 0, 0, int.MaxValue, errors),
            Take = InstanceQueryParser.Integer(q, "take", AuditQueryParameters.DefaultTake, 1, AuditQueryParameters.MaxTake, errors),
        };
        if (query is { From: { } from, To: { } to } && to < from)
        {
            errors["to"] = ["Must not be before from."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var page = await client.ListAuditAsync(query, cancellationToken);
        // A full page may have older entries after it: its last entry is where the next page starts (keyset, like the
        // journeys list's 'after'). A page shorter than asked is the last.
        var next = page.Items.Count == query.Take && page.Items.Count > 0 ? page.Items[^1].Seq : (long?)null;
        return TypedResults.Ok(new AuditPageView(page.Items.Select(e => new AuditEntryView(
            e.Seq, e.At, e.Principal, e.Action, e.WorkflowId, e.InstanceId, e.Reason, e.DataJson is null ? null : JsonNode.Parse(e.DataJson))).ToList(), page.Total, next));
    }

    // An action the trail never records would match nothing: a typo would read as "no such actions". Refused instead,
    // naming the actions there are; matched whatever its case, as the journeys list's status is.
    private static string? Action(string? value, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (AuditActions.All.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            return known;
        }

        errors["action"] = [$"Unknown action '{value}'; use one of {string.Join(", ", AuditActions.All)}."];
        return null;
    }
}
