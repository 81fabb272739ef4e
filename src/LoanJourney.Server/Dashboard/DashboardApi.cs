using LoanJourney.Server.Auth;
using LoanJourney.Engine.Model;
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
                QueryParameters.Integer("stuckAfterSeconds", "A journey waiting longer than this many seconds is listed as stuck (a faulted one is, whatever its age).", 0, null, StuckAfterDefaultSeconds),
            ]));
        api.MapGet("/stuck/faulted", FaultedAsync).ProducesProblems(400)
            .AddOpenApiOperationTransformer(QueryParameters.Describe(() =>
            [
                QueryParameters.Text("workflowId", "The workflow whose faulted journeys are listed.", required: true),
                QueryParameters.Integer("take", "Page size.", 1, MaxTake, DefaultTake),
                QueryParameters.Text("after", "The 'next' of the previous page (or the funnel's stuckFaultedNext), as it was returned."),
            ]));
        api.MapGet("/stuck/waiting", WaitingAsync).ProducesProblems(400)
            .AddOpenApiOperationTransformer(QueryParameters.Describe(() =>
            [
                QueryParameters.Text("workflowId", "The workflow whose long waits are listed.", required: true),
                QueryParameters.Integer("stuckAfterSeconds", "A journey waiting longer than this many seconds is listed (the funnel's threshold; pass the same).", 0, null, StuckAfterDefaultSeconds),
                QueryParameters.Integer("take", "Page size.", 1, MaxTake, DefaultTake),
                QueryParameters.Text("after", "The 'next' of the previous page (or the funnel's stuckWaitingNext), as it was returned."),
            ]));
        return api;
    }

    private const int DefaultTake = 50;
    private const int MaxTake = 500;

    private static readonly HashSet<string> FaultedParameters = new(["workflowId", "take", "after"], StringComparer.OrdinalIgnoreCase);

    // The stuck list's faulted run, page after page, in the order the funnel's first page has (docs/api.md, "Dashboard"): the money
    // questions awaiting a decision first, then the other faults by when each faulted; a keyset cursor, so a late page costs what
    // the first does.
    private static async Task<Results<Ok<StuckPageView>, ProblemHttpResult>> FaultedAsync(
        HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InstanceQueryParser.RefuseUnknown(request.Query, FaultedParameters, "the stuck list's faulted run takes workflowId, take and after only", errors);
        var workflowId = request.Query["workflowId"].ToString();
        if (string.IsNullOrWhiteSpace(workflowId))
        {
            errors["workflowId"] = ["Required."];
        }

        var take = InstanceQueryParser.Integer(request.Query, "take", DefaultTake, 1, MaxTake, errors);
        FaultedCursor? after = null;
        if (InstanceQueryParser.Text(request.Query, "after") is { } token && !FaultedCursor.TryDecode(token, out after))
        {
            errors["after"] = ["Not a cursor of this list; pass the 'next' value of the previous page (or the funnel's stuckFaultedNext) as it was returned."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var page = await client.ListFaultedAsync(workflowId, after, take, cancellationToken);
        return TypedResults.Ok(new StuckPageView(page.Items.Select(InstanceViews.Summary).ToList(), page.Next?.Encode()));
    }

    private static readonly HashSet<string> WaitingParameters = new(["workflowId", "stuckAfterSeconds", "take", "after"], StringComparer.OrdinalIgnoreCase);

    // The stuck list's long waits, page after page, longest wait first as the funnel's first page (docs/api.md, "Dashboard"): a keyset
    // cursor over the workflow's waiting index, so a late page costs what the first does. The threshold is the funnel's; a page read
    // later takes the journeys whose wait has passed it since, at the run's end.
    private static async Task<Results<Ok<StuckPageView>, ProblemHttpResult>> WaitingAsync(
        HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InstanceQueryParser.RefuseUnknown(request.Query, WaitingParameters, "the stuck list's long waits take workflowId, stuckAfterSeconds, take and after only", errors);
        var workflowId = request.Query["workflowId"].ToString();
        if (string.IsNullOrWhiteSpace(workflowId))
        {
            errors["workflowId"] = ["Required."];
        }

        var stuckAfter = InstanceQueryParser.Integer(request.Query, "stuckAfterSeconds", StuckAfterDefaultSeconds, 0, int.MaxValue, errors);
        var take = InstanceQueryParser.Integer(request.Query, "take", DefaultTake, 1, MaxTake, errors);
        WaitingCursor? after = null;
        if (InstanceQueryParser.Text(request.Query, "after") is { } token && !WaitingCursor.TryDecode(token, out after))
        {
            errors["after"] = ["Not a cursor of this list; pass the 'next' value of the previous page (or the funnel's stuckWaitingNext) as it was returned."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var page = await client.ListWaitingAsync(workflowId, TimeSpan.FromSeconds(stuckAfter), after, take, cancellationToken);
        return TypedResults.Ok(new StuckPageView(page.Items.Select(InstanceViews.Summary).ToList(), page.Next?.Encode()));
    }

    private static readonly HashSet<string> FunnelParameters = new(["workflowId", "stuckAfterSeconds"], StringComparer.OrdinalIgnoreCase);

    private static async Task<Results<Ok<FunnelView>, ProblemHttpResult>> FunnelAsync(
        HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        // A date range (?from=, ?to=) or any other filter was ignored and the funnel of every journey answered as if it were the
        // range's (session 36): the funnel covers the workflow's whole history, kept up to date at each step's commit.
        InstanceQueryParser.RefuseUnknown(request.Query, FunnelParameters,
            "the funnel takes workflowId and stuckAfterSeconds only (it counts every journey of the workflow)", errors);

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
        return TypedResults.Ok(new FunnelView(funnel.WorkflowId, funnel.Total, funnel.Steps, funnel.Outcomes, funnel.CountsByStatus,
            funnel.Stuck.Select(InstanceViews.Summary).ToList(), funnel.DeferredOn, funnel.StuckWaiting,
            funnel.StuckFaultedNext?.Encode(), funnel.StuckWaitingNext?.Encode()));
    }
}
