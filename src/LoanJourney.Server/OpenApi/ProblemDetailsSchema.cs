using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Adds our extension members to the <c>ProblemDetails</c> schema every <c>application/problem+json</c> answer uses:
/// <c>code</c> (the machine-readable reason, also the tail of <c>type</c>), <c>errors</c> (field path → messages, on
/// 400) and <c>traceId</c> (docs/api.md, "Errors").
/// </summary>
internal sealed class ProblemDetailsSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ProblemDetails) || context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Machine-readable reason (validation, not_found, idempotency_key_reused, ...); type is urn:loanjourney:problem:{code}.",
        };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "On 400: each invalid field (path such as customer.mobile, a header name, or body) with its messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace identifier, for the logs." };
        return Task.CompletedTask;
    }
}
