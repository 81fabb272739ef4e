using System.Globalization;
using System.Text;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Workflows;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Adds one start operation per loaded workflow to the OpenAPI document — <c>POST /api/workflows/&lt;id&gt;/instances</c>,
/// operation id <c>start&lt;Id&gt;</c> — whose request body is that workflow's input schema (component
/// <c>&lt;Id&gt;StartInput</c>, the schema of <c>GET /api/workflows/{id}/input-schema</c>, with its sample as example), so
/// a generated client gets a typed start per workflow. Built from the definition catalog each time the document is
/// asked for, so a newly published version shows without a rebuild. Parameters and answers are the generic start's
/// (<c>POST /api/workflows/{workflowId}/instances</c>), which serves every one of these paths.
/// </summary>
internal sealed class WorkflowStartOperations(WorkflowDefinitionCatalog catalog, EngineInitializer initializer, WorkflowSamples samples)
    : IOpenApiDocumentTransformer
{
    private const string GenericPath = "/api/workflows/{workflowId}/instances";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Paths.GetValueOrDefault(GenericPath)?.Operations?.GetValueOrDefault(HttpMethod.Post) is not { } generic)
        {
            return;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var workflow in catalog.Latest)
        {
            var name = Pascal(workflow.Id);
            var example = samples.ExampleFor(workflow);
            document.Components.Schemas[name + "StartInput"] = JsonSchemaConversion.ToOpenApi(Engine.Definitions.WorkflowInputSchema.Describe(workflow, example));
            var operation = new OpenApiOperation
            {
                OperationId = "start" + name,
                Summary = $"Start a '{workflow.Id}' journey ({workflow.Definition.Title ?? workflow.Id}, latest v{workflow.Version}).",
                Description = $"The generic start ({InstancesApi.StartOperationId}) for workflow '{workflow.Id}', with its input schema as the body: "
                    + "a body that does not fit is answered 400 with problem details naming each field.",
                Tags = generic.Tags,
                Parameters = generic.Parameters?.Where(p => p.In != ParameterLocation.Path).ToList(),
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(name + "StartInput", document), Example = example?.DeepClone() },
                    },
                },
                Responses = generic.Responses,
            };
            var item = new OpenApiPathItem();
            item.AddOperation(HttpMethod.Post, operation);
            document.Paths[$"/api/workflows/{workflow.Id}/instances"] = item;
        }
    }

    // "finbox-personal-loan" → "FinboxPersonalLoan" (a signal's operation too: SignalOperations)
    internal static string Pascal(string id)
    {
        var text = new StringBuilder(id.Length);
        var upper = true;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            text.Append(upper ? char.ToUpper(c, CultureInfo.InvariantCulture) : c);
            upper = false;
        }

        return text.ToString();
    }
}
