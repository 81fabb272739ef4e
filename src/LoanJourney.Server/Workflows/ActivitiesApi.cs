using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Auth;
using LoanJourney.Engine.Activities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows;

/// <summary>Every registered activity's descriptor: the Studio designer's palette and its input types (docs/api.md, "Activities").</summary>
internal static class ActivitiesApi
{
    public static RouteGroupBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/activities").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Workflows");
        api.MapGet("/", List);
        return api;
    }

    private static Ok<ActivityListView> List(ActivityRegistry registry) =>
        TypedResults.Ok(new ActivityListView(registry.Descriptors.Select(WorkflowsApi.Activity).ToList()));
}
