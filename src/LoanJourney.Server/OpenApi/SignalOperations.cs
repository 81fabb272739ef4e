using LoanJourney.Engine.Activities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Adds one signal operation per signal an activity declares its fields for (<see cref="ActivitySignalFieldAttribute"/>:
/// <c>otp</c>, <c>shipment</c>, <c>reupload</c>) — <c>POST /api/instances/{id}/signals/&lt;name&gt;</c>, operation id
/// <c>signal&lt;Name&gt;</c> — whose request body is those fields (component <c>&lt;Name&gt;Signal</c>: their types, which are
/// required, an OTP's pattern; no other field, as the engine takes none: <see cref="SignalPayload"/>), so a generated client
/// knows them (session 54: every signal's body was any object). Parameters and answers are the generic signal's
/// (<c>POST /api/instances/{id}/signals/{name}</c>), which serves these paths and every other signal (a
/// <c>Core.WaitForSignal</c> step's, whose fields a definition declares, is documented by the workflow, not here).
/// A signal name two activities declare with different fields stays generic.
/// </summary>
internal sealed class SignalOperations(ActivityRegistry activities) : IOpenApiDocumentTransformer
{
    private const string GenericPath = "/api/instances/{id}/signals/{name}";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Paths.GetValueOrDefault(GenericPath)?.Operations?.GetValueOrDefault(HttpMethod.Post) is not { } generic)
        {
            return Task.CompletedTask;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        var declared = activities.Descriptors
            .Where(d => d.SignalFields.Count > 0)
            .SelectMany(d => d.SignalFields.GroupBy(f => f.Signal, StringComparer.Ordinal).Select(g => (Signal: g.Key, Activity: d.TypeName, Fields: g.ToList())))
            .GroupBy(s => s.Signal, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var signal in declared)
        {
            var first = signal.First();
            if (signal.Skip(1).Any(other => !other.Fields.SequenceEqual(first.Fields)))
            {
                continue;
            }

            var name = WorkflowStartOperations.Pascal(signal.Key);
            document.Components.Schemas[name + "Signal"] = Schema(first.Fields);
            var by = string.Join(", ", signal.Select(s => s.Activity));
            var operation = new OpenApiOperation
            {
                OperationId = "signal" + name,
                Summary = $"Send signal '{signal.Key}' to a journey waiting for it ({by}).",
                Description = $"The generic signal (POST {GenericPath}) for '{signal.Key}', with the fields {by} takes as the body: "
                    + "a body that does not fit (a field missing, unknown, of the wrong type or form, or a masked credential read back from an answer) "
                    + "is answered 400 with problem details naming each field, before the journey is touched.",
                Tags = generic.Tags,
                Parameters = generic.Parameters?.Where(p => p.Name != "name").ToList(),
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(name + "Signal", document) },
                    },
                },
                Responses = generic.Responses,
            };
            var item = new OpenApiPathItem();
            item.AddOperation(HttpMethod.Post, operation);
            document.Paths[$"/api/instances/{{id}}/signals/{signal.Key}"] = item;
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Schema(List<ActivitySignalFieldDescriptor> fields) => new()
    {
        Type = JsonSchemaType.Object,
        AdditionalPropertiesAllowed = false,
        Properties = fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)Field(f), StringComparer.Ordinal),
        Required = fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(StringComparer.Ordinal),
    };

    private static OpenApiSchema Field(ActivitySignalFieldDescriptor field) => new()
    {
        Type = field.Type switch
        {
            ActivityValueType.String => JsonSchemaType.String,
            ActivityValueType.Number => JsonSchemaType.Number,
            ActivityValueType.Integer => JsonSchemaType.Integer,
            ActivityValueType.Boolean => JsonSchemaType.Boolean,
            ActivityValueType.Object => JsonSchemaType.Object,
            ActivityValueType.Array => JsonSchemaType.Array,
            _ => null,
        },
        Description = field.Description,
        // The engine matches a pattern as a whole; a JSON Schema pattern matches anywhere unless anchored.
        Pattern = field.Pattern is { } pattern ? $"^(?:{pattern})$" : null,
        MinLength = field.MinLength,
        MaxLength = field.MaxLength,
    };
}
