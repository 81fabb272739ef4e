using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Describes the 503 answer of the operations that use the journey store (declared with <c>ProducesProblems(503)</c> on
/// their route groups): its codes and its <c>Retry-After</c> header, so a generated client knows a retry is safe and when
/// (docs/api.md, "Errors").
/// </summary>
internal sealed class StoreUnavailableResponse : IOpenApiOperationTransformer
{
    private const string Description =
        "Service unavailable. store_unavailable: the journey store (database) cannot be reached or used right now; nothing of the " +
        "request was committed, so a retry after Retry-After seconds is safe (a start with its Idempotency-Key, a webhook with its " +
        "event id). A journey whose stored payloads this node cannot decrypt answers payload_unreadable or payload_keys_mismatch.";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.GetValueOrDefault("503") is OpenApiResponse response)
        {
            response.Description = Description;
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = $"Seconds to wait before retrying ({EngineExceptionHandler.StoreRetryAfterSeconds}), on store_unavailable.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        return Task.CompletedTask;
    }
}
