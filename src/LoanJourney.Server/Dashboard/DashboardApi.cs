using LoanJourney.Server.Auth;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Dashboard;

/// <summary>The journey funnel per workflow (docs/api.md, "Dashboard"), aggregated by the store.</summary>
internal static class DashboardApi
{
    private const int StuckAfterDefaultSeconds = 3600;

    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dashboard").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Dashboard");
        api.MapGet("/funnel", FunnelAsync).ProducesProblems(400)
            .AddOpenApiOperationTransformer(QueryParameters.Describe(() =>
            [
                QueryParameters.Text("workflowId", "The workflow whose journeys the funnel counts.", required: true),
                QueryParameters.Integer("stuckAfterSeconds", "A journey waiting longer than this many seconds is listed as stuck.", 0, null, StuckAfterDefaultSeconds),
            ]));
        return api;
    }

    private static async Task<Results<Ok<FunnelView>, ProblemHttpResult>> FunnelAsync(
        HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var workflowId = request.Query["workflowId"].ToString();
        if (string.IsNullOrWhiteSpace(workflowId))
        {
            errors["workflowId"] = ["Required."];
        }

        var stuckAfter = InstanceQueryParser.Integer(request.Query, "stuckAfterSeconds", StuckAfterDefaultSeconds, 0, int.MaxValue, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var funnel = await client.GetFunnelAsync(workflowId, TimeSpan.FromSeconds(stuckAfter), cancellationToken: cancellationToken);
        return TypedResults.Ok(new FunnelView(funnel.WorkflowId, funnel.Total, funnel.Steps, funnel.Outcomes,
            funnel.Stuck.Select(InstanceViews.Summary).ToList()));
    }
}
