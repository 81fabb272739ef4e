using LoanJourney.Server.OpenApi;
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
        api.MapGet("/export", AuditExport.ExportAsync).RequireAuthorization(Policies.Auditor).ProducesProblems(400)
            .Produces<string>(200, "text/csv", AuditExport.NdjsonContentType)
            .WithSummary("The audit trail's entries matching the list's filters as a file to download, newest first (docs/api.md, \"Audit export\"): CSV (RFC 4180, formulas neutralised) or NDJSON, streamed; Auditor or Admin; the export is itself recorded (action audit-export).")
            .AddOpenApiOperationTransformer(AuditQueryParameters.DescribeExportAsync);
        return api;
    }

    private static async Task<Results<Ok<AuditPageView>, ProblemHttpResult>> ListAsync(HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var q = request.Query;
        var query = AuditFilters.Parse(q, errors) with
        {
            Before = InstanceQueryParser.OptionalLong(q, "before", 1, errors),
            Skip = InstanceQueryParser.Integer(q, "skip", 0, 0, int.MaxValue, errors),
            Take = InstanceQueryParser.Integer(q, "take", AuditQueryParameters.DefaultTake, 1, AuditQueryParameters.MaxTake, errors),
        };

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var page = await client.ListAuditAsync(query, cancellationToken);
        // A full page may have older entries after it: its last entry is where the next page starts (keyset, like the
        // journeys list's 'after'). A page shorter than asked is the last.
        var next = page.Items.Count == query.Take && page.Items.Count > 0 ? page.Items[^1].Seq : (long?)null;
        return TypedResults.Ok(new AuditPageView(page.Items.Select(AuditEntryView.Of).ToList(), page.Total, next));
    }
}
