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

        // The members of the 409s a workflow read or a start answers (session 44; ConflictResponses): optional, on those codes only.
        schema.Properties["workflowId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "workflow_unloadable: the workflow that is not served." };
        schema.Properties["problems"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "workflow_unloadable, version_unloadable: what did not load, each naming its file or workflow, step and field.",
            Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["workflowId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["stepId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["field"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                },
            },
        };
        schema.Properties["instanceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The journey a problem is about (idempotency_key_purged, payload_unreadable, ...)." };
        schema.Properties["header"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The header a problem is about (idempotency_key_purged, idempotency_key_reused: Idempotency-Key)." };
        schema.Properties["purgedAt"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String, Format = "date-time", Description = "idempotency_key_purged: when the key's journey was redacted.",
        };

        // The members a partner's integration meets beside those (session 53's partner walk: answered, but in no schema, so a
        // client generated from the document had no field to read them from): a 403's role, a signal's and a cancel's 409.
        schema.Properties["requiredRole"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String, Description = "role_required (403): the role the operation needs (Viewer, Operator, Designer, Auditor, Admin).",
        };
        schema.Properties["role"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "role_required (403): the strongest role the principal holds (null: none).",
        };
        schema.Properties["roles"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "role_required (403): every role the principal holds, strongest first (empty: none).",
        };
        schema.Properties["partner"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "role_required (403) to a partner-scoped principal: the partner it acts for; it may start, list, read, signal and cancel its own journeys only.",
        };
        schema.Properties["expected"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "signal_not_expected (409): the signals the journey does wait for (empty: none).",
        };
        schema.Properties["instanceStatus"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String, Description = "invalid_state (409): the journey's status, which does not allow the operation (a cancel of a finished journey).",
        };
        schema.Properties["retryable"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Boolean, Description = "instance_busy (409): true; send the same request again after Retry-After seconds.",
        };
        return Task.CompletedTask;
    }
}
