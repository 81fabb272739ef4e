using System.ComponentModel.DataAnnotations;
using LoanJourney.Server.Auth;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows;

/// <summary>Loaded definitions with their versions, steps and activity descriptors (docs/api.md, "Workflows").</summary>
internal static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Workflows");
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync).ProducesProblems(400, 404).ProducesConflict(ConflictResponses.Definition);
        api.MapGet("/{id}/input-schema", InputSchemaAsync).WithName("getWorkflowInputSchema")
            .Produces<JsonObject>(StatusCodes.Status200OK, InputSchemaContentType).ProducesProblems(400, 404).ProducesConflict(ConflictResponses.Definition)
            .WithSummary("The JSON Schema of a workflow's start input (latest version, or ?version=N), with a sample as its example.")
            .AllowPartners(); // what a partner's start is checked against (PartnerScope)
        return api;
    }

    /// <summary>JSON Schema's own media type (draft 2020-12, section 14).</summary>
    public const string InputSchemaContentType = "application/schema+json";

    private static async Task<IResult> InputSchemaAsync(
        string id, [Range(1, int.MaxValue)] int? version, WorkflowDefinitionCatalog catalog, WorkflowSamples samples, CancellationToken cancellationToken)
    {
        var workflow = version is { } v ? await catalog.GetAsync(id, v, cancellationToken) : catalog.GetLatest(id);
        return TypedResults.Json(WorkflowInputSchema.Describe(workflow, samples.ExampleFor(workflow)), contentType: InputSchemaContentType);
    }

    private static async Task<Ok<WorkflowListView>> ListAsync(
        WorkflowDefinitionCatalog catalog, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var versions = await client.GetDefinitionVersionsAsync(cancellationToken);
        var items = catalog.Latest.Select(w => new WorkflowSummaryView(w.Id, w.Definition.Title, w.Version,
            versions.GetValueOrDefault(w.Id) ?? [w.Version], Inputs(w.Definition.Input))).ToList();
        var errors = catalog.LoadErrors.Select(e => new DefinitionErrorView(e.File, e.WorkflowId, e.StepId, e.Code.ToString(), e.Message, e.Field)).ToList();
        return TypedResults.Ok(new WorkflowListView(items, errors));
    }

    private static async Task<Ok<WorkflowDefinitionView>> GetAsync(
        string id, [Range(1, int.MaxValue)] int? version, WorkflowDefinitionCatalog catalog, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var versions = await client.GetDefinitionVersionsAsync(cancellationToken);
        var workflow = version is { } v ? await catalog.GetAsync(id, v, cancellationToken) : catalog.GetLatest(id);
        var steps = workflow.Definition.Steps.Select(s => Step(workflow.GetStep(s.Id))).ToList();
        var activities = new Dictionary<string, ActivityView>(StringComparer.Ordinal);
        foreach (var step in workflow.Steps.Values)
        {
            activities.TryAdd(step.Descriptor.TypeName, Activity(step.Descriptor));
            if (step.CompensationDescriptor is { } compensation)
            {
                activities.TryAdd(compensation.TypeName, Activity(compensation));
            }
        }

        return TypedResults.Ok(new WorkflowDefinitionView(workflow.Id, workflow.Version, versions.GetValueOrDefault(id) ?? [workflow.Version],
            workflow.Definition.Title, Inputs(workflow.Definition.Input), workflow.Definition.Start, steps, activities, workflow.Definition.Layout));
    }

    private static StepDefinitionView Step(CompiledStep step)
    {
        var d = step.Definition;
        var retry = d.Retry is null ? null : new RetryView(step.Retry.MaxAttempts, (long)step.Retry.InitialDelay.TotalMilliseconds,
            step.Retry.BackoffFactor, (long)step.Retry.MaxDelay.TotalMilliseconds, step.Retry.NonRetryable.Order(StringComparer.Ordinal).ToList());
        return new StepDefinitionView(d.Id, d.Activity, d.Title ?? Humanize(d.Id), d.Inputs ?? [],
            d.Next ?? new Dictionary<string, string>(), step.Outcomes.Order(StringComparer.Ordinal).ToList(), retry,
            step.Timeout is { } t ? (long)t.TotalMilliseconds : null,
            d.Compensation is { } c ? new CompensationView(c.Activity, c.Inputs) : null);
    }

    internal static ActivityView Activity(ActivityDescriptor d)
    {
        var dot = d.TypeName.IndexOf('.', StringComparison.Ordinal);
        return new ActivityView(d.TypeName, dot > 0 ? d.TypeName[..dot] : "General", Humanize(dot > 0 ? d.TypeName[(dot + 1)..] : d.TypeName),
            d.Description, d.Inputs.Select(i => new InputFieldView(i.Name, TypeName(i.Type), i.Required, i.Description)).ToList(),
            d.Outputs.Select(o => new ActivityOutputView(o, "any")).ToList(), d.Outcomes, d.IsWait, d.IsOnceOnly, d.IsTerminal,
            d.OutcomesFromInput, d.OutcomesFromInput is null ? null : d.DefaultOutcome,
            d.SignalFields.Select(f => new SignalFieldView(f.Signal, f.Name, TypeName(f.Type), f.Required, f.Description, f.Pattern)).ToList(),
            d.PointOfNoReturn.Count == 0 ? null : d.PointOfNoReturn);
    }

    private static List<InputFieldView> Inputs(IReadOnlyList<InputFieldDefinition> fields) =>
        fields.Where(f => f is not null)
            .Select(f => new InputFieldView(f.Name, TypeName(f.Type), f.Required, f.Description ?? "", f.Format, f.Pattern, f.Properties is { } p ? Inputs(p) : null))
            .ToList();

    private static string TypeName(ActivityValueType type) => type switch
    {
        ActivityValueType.String => "string",
        ActivityValueType.Number => "number",
        ActivityValueType.Integer => "integer",
        ActivityValueType.Boolean => "boolean",
        ActivityValueType.Object => "object",
        ActivityValueType.Array => "array",
        ActivityValueType.Duration => "duration",
        _ => "any",
    };

    // "CreateUser" / "createUser" → "Create user".
    private static string Humanize(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i == 0)
            {
                text.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
