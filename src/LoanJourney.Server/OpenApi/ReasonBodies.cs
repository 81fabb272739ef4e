using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// The JSON body of the operations on one journey that read it themselves (<c>InstancesApi.ReadReasonAsync</c>, the
/// confirm-not-sent's <c>then</c>): a cancel, an incident's retry and confirm-not-sent. Session 53's partner walk: the document
/// declared no request body for them, so a client generated from it sent a cancel without one, which the server answers
/// <c>400</c> naming <c>reason</c> (required since session 46). Declared here as the handler reads it: only these fields
/// (any other is a 400 naming it), <c>reason</c> 1 to 500 characters.
/// </summary>
internal static class ReasonBodies
{
    /// <summary>A cancel: <c>{"reason"}</c>, required.</summary>
    public static Task Cancel(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        Declare(operation, required: true, "Why the journey is cancelled; it goes into the journal and the audit trail (masked).", null);

    /// <summary>An incident's retry: the body is optional, and so is its <c>reason</c>.</summary>
    public static Task Retry(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        Declare(operation, required: false, "Why the step is retried (optional); it goes into the journal and the audit trail (masked).", null);

    /// <summary>Confirm-not-sent: <c>{"reason", "then"?}</c>, the reason required.</summary>
    public static Task ConfirmNotSent(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        Declare(operation, required: true, "Why the call is known not to have reached the lender; it goes into the journal and the audit trail (masked).",
            new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("resend"), JsonValue.Create("cancel")],
                Default = JsonValue.Create("resend"),
                Description = "resend (the default): the step sends the call again, once; cancel: nothing is sent again and the journey is cancelled.",
            });

    private static Task Declare(OpenApiOperation operation, bool required, string reason, OpenApiSchema? then)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalPropertiesAllowed = false,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 500, Description = reason },
            },
        };
        if (then is not null)
        {
            schema.Properties["then"] = then;
        }

        if (required)
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "reason" };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = required,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new() { Schema = schema },
            },
        };
        return Task.CompletedTask;
    }
}
