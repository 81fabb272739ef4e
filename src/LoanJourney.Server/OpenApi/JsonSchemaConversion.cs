using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Turns the JSON Schema a workflow's start input is checked against (<c>WorkflowInputSchema.Describe</c>) into the
/// OpenAPI model, keyword for keyword, for the subset that schema uses: <c>type</c> (one or several), <c>title</c>,
/// <c>description</c>, <c>format</c>, <c>pattern</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>examples</c>.
/// </summary>
internal static class JsonSchemaConversion
{
    public static OpenApiSchema ToOpenApi(JsonObject schema)
    {
        var result = new OpenApiSchema
        {
            Title = (string?)schema["title"],
            Description = (string?)schema["description"],
            Format = (string?)schema["format"],
            Pattern = (string?)schema["pattern"],
            Type = Types(schema["type"]),
        };
        if (schema["properties"] is JsonObject properties)
        {
            result.Properties = properties.ToDictionary(p => p.Key, p => (IOpenApiSchema)ToOpenApi(p.Value!.AsObject()), StringComparer.Ordinal);
        }

        if (schema["required"] is JsonArray required)
        {
            result.Required = required.Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        }

        if (schema["additionalProperties"] is JsonValue additional && additional.TryGetValue<bool>(out var allowed))
        {
            result.AdditionalPropertiesAllowed = allowed;
        }

        if (schema["examples"] is JsonArray examples)
        {
            result.Examples = examples.Select(e => e!.DeepClone()).ToList();
        }

        return result;
    }

    private static JsonSchemaType? Types(JsonNode? type) => type switch
    {
        JsonValue one => Type((string)one!),
        JsonArray many => many.Select(t => Type((string)t!)).Aggregate((a, b) => a | b),
        _ => null,
    };

    private static JsonSchemaType Type(string name) => name switch
    {
        "string" => JsonSchemaType.String,
        "number" => JsonSchemaType.Number,
        "integer" => JsonSchemaType.Integer,
        "boolean" => JsonSchemaType.Boolean,
        "object" => JsonSchemaType.Object,
        "array" => JsonSchemaType.Array,
        "null" => JsonSchemaType.Null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a JSON Schema type."),
    };
}
