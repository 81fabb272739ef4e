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
    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dashboard").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 503).WithTags("Dashboard");
        api.MapGet("/funnel", FunnelAsync).ProducesProblems(400);
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

        var stuckAfter = InstanceQueryParser.Integer(request.Query, "stuckAfterSeconds", 3600, 0, int.MaxValue, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var funnel = await client.GetFunnelAsync(workflowId, TimeSpan.FromSeconds(stuckAfter), cancellationToken: cancellationToken);
        return TypedResults.Ok(new FunnelView(funnel.WorkflowId, funnel.Total, funnel.Steps, funnel.Outcomes,
            funnel.Stuck.Select(InstanceViews.Summary).ToList()));
    }
}
