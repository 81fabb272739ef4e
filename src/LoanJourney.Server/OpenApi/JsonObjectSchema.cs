using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// A <see cref="JsonObject"/> (a step's inputs, a journey's variables) is any JSON object: says so with
/// <c>additionalProperties: {}</c>, where the generated schema (an object with no properties) would read as an object
/// that may hold nothing (<c>Record&lt;string, never&gt;</c> in openapi-typescript).
/// </summary>
internal sealed class JsonObjectSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(JsonObject))
        {
            schema.AdditionalProperties = new OpenApiSchema();
        }

        return Task.CompletedTask;
    }
}
