using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Declares an endpoint's <c>409</c> problem answer with the codes it can carry (session 44: <c>workflow_unloadable</c>,
/// <c>version_unloadable</c> and <c>idempotency_key_purged</c> were answered but in no operation of the document), and
/// writes them into the response's description (<see cref="ConflictResponse"/>), so a generated client's reader knows them
/// (docs/api.md, "Errors" and "OpenAPI and generated clients").
/// </summary>
internal static class ConflictResponses
{
    /// <summary>A workflow or its input schema read: the workflow's file did not load, or its stored version does not compile.</summary>
    public const string Definition =
        "Conflict. workflow_unloadable: the workflow's file in workflows/ did not load and no version of it is stored (workflowId, " +
        "problems: [{file, stepId, code, message, field}]). version_unloadable: the stored version uses an activity this build does " +
        "not have (problems: [{workflowId, stepId, code, message, field}]).";

    /// <summary>A start: the workflow's, and the Idempotency-Key's.</summary>
    public const string Start =
        "Conflict. idempotency_key_reused: the Idempotency-Key started a journey of another workflow or with another input. " +
        "idempotency_key_purged: the Idempotency-Key's journey was redacted by retention or an erasure; nothing starts (header, " +
        "instanceId, purgedAt); send a new key. " + DefinitionCodes;

    /// <summary>A signal to a journey (session 53's partner walk: described as "Conflict" only).</summary>
    public const string Signal =
        "Conflict. signal_not_expected: the journey does not wait for this signal now (expected: the signals it does wait for; " +
        "empty when it waits for none, e.g. finished). instance_busy: another runner holds the journey (a sensitive signal such " +
        "as an OTP); send it again after Retry-After seconds (retryable). version_unloadable: the journey's version uses an " +
        "activity this build does not have (problems).";

    /// <summary>A cancel of one journey.</summary>
    public const string Cancel =
        "Conflict. invalid_state: the journey is finished (instanceStatus). past_point_of_no_return: a money call of the journey " +
        "may be out (instanceId, stepId, outcome, moneyCallOut); settle it first. version_unloadable: the journey's version uses " +
        "an activity this build does not have (problems).";

    private const string DefinitionCodes =
        "workflow_unloadable: the workflow's file did not load and no version of it is stored (workflowId, problems). " +
        "version_unloadable: the version to start uses an activity this build does not have (problems).";

    public static RouteHandlerBuilder ProducesConflict(this RouteHandlerBuilder builder, string description) =>
        builder.ProducesProblem(StatusCodes.Status409Conflict).WithMetadata(new ConflictCodes(description));
}

/// <summary>The codes of an endpoint's 409, in its metadata.</summary>
internal sealed record ConflictCodes(string Description);

/// <summary>Describes each operation's 409 with the codes its endpoint declared (<see cref="ConflictResponses.ProducesConflict"/>).</summary>
internal sealed class ConflictResponse : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ConflictCodes>().LastOrDefault() is { } codes
            && operation.Responses?.GetValueOrDefault("409") is OpenApiResponse response)
        {
            response.Description = codes.Description;
        }

        return Task.CompletedTask;
    }
}
