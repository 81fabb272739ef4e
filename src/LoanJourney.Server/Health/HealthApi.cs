using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers a query and definitions are loaded.</summary>
internal static class HealthApi
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").AllowAnonymous().WithTags("Health");
        health.MapGet("/live", () => TypedResults.Ok(new HealthView("Healthy")));
        health.MapGet("/ready", ReadyAsync);
        return health;
    }

    private static async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> ReadyAsync(
        IWorkflowClient client, WorkflowDefinitionCatalog catalog, WebhookSources webhooks, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ListInstancesAsync(new InstanceQuery { Take = 1 }, timeout.Token);
        }
        catch (PayloadKeysMismatchException e)
        {
            // The database answers, but this node cannot decrypt what is in it: not ready, and say why.
            return TypedResults.Json(new HealthView("Unhealthy", "ok", Error: e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (SchemaNewerThanBuildException e)
        {
            // A newer build migrated the database: this node does not run on it (docs/scale-out.md, "Upgrading the nodes").
            return TypedResults.Json(new HealthView("Unhealthy", "newer_schema", Error: e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e) when (StoreMisconfigured.Find(e) is { } refused)
        {
            // The database answers but refuses this node's configuration: not an outage to wait out; the SqlState says what.
            return TypedResults.Json(new HealthView("Unhealthy", "misconfigured", Error: refused.SqlState), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Json(new HealthView("Unhealthy", "unreachable", Error: e.GetType().Name), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var loaded = catalog.Latest.Count;
        var view = new HealthView(loaded > 0 ? "Healthy" : "Unhealthy", "ok", loaded, catalog.LoadErrors.Count,
            loaded > 0 ? null : "No workflow definition is loaded; check Engine:DefinitionsDirectory.",
            webhooks.Unverified is { Count: > 0 } unverified ? unverified : null);
        return loaded > 0 ? TypedResults.Ok(view) : TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
