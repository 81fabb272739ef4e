using System.Globalization;
using System.Text.Json;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Http;
using LoanJourney.Server.Logging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Problems;

/// <summary>
/// Maps the engine's typed errors (by <see cref="WorkflowEngineException.Code"/>) and request-shape errors to problem
/// details. The store unreachable or unusable (<see cref="StoreUnavailable"/>) is a 503 <c>store_unavailable</c> with
/// <c>Retry-After</c>, logged as a warning without a stack trace: an outage, not a fault of this server. A store that answers
/// but refuses this node's configuration (<see cref="StoreMisconfigured"/>) is the same 503 to the caller, logged as an error
/// (2008) that names the SqlState and what to fix, without a stack. Anything else is a
/// 500 that names no internals; it is logged with its stack trace.
/// </summary>
internal sealed class EngineExceptionHandler(ILogger<EngineExceptionHandler> logger, EngineOptions engine) : IExceptionHandler
{
    /// <summary>Seconds a caller is asked to wait before retrying while the store is unavailable.</summary>
    public const int StoreRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = ToProblem(exception);
        if (problem is null && StoreMisconfigured.Find(exception) is { } refused)
        {
            // The store answers but refuses this node's configuration (the database dropped, the password rotated, a grant
            // revoked after the start): the same 503 to the caller, whose retry succeeds once an operator has fixed it; in the
            // log an error that says what to fix, one line per request and no stack (it would be the same one every time).
            ServerLog.StoreMisconfigured(logger, httpContext.Request.Method, MaskedUrl.Path(httpContext.Request.Path.Value),
                refused.SqlState, refused.MessageText, StoreMisconfigured.Remedy(refused, engine.ConnectionString));
            httpContext.Response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            problem = Problem.Create(StatusCodes.Status503ServiceUnavailable, "Journey store unavailable",
                "The journey store (database) refuses this server's configuration; an operator has been told in the log. Nothing " +
                "of this request was committed; a retry after Retry-After seconds is safe and succeeds once it is fixed: a webhook " +
                "is deduplicated by its event id, a start by its Idempotency-Key.", "store_unavailable");
        }

        if (problem is null && StoreUnavailable.Is(exception))
        {
            ServerLog.StoreUnavailable(logger, httpContext.Request.Method, MaskedUrl.Path(httpContext.Request.Path.Value),
                $"{exception.GetType().Name}: {exception.Message}" + (exception.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : ""));
            httpContext.Response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            problem = Problem.Create(StatusCodes.Status503ServiceUnavailable, "Journey store unavailable",
                "The journey store (database) cannot be reached or used right now. Nothing of this request was committed, unless the " +
                "store went away in the instant of its commit, which then took effect whole; either way a retry after Retry-After " +
                "seconds is safe: a webhook is deduplicated by its event id, a start by its Idempotency-Key.", "store_unavailable");
        }

        if (problem is null)
        {
            ServerLog.UnhandledException(logger, exception, httpContext.Request.Method, MaskedUrl.Path(httpContext.Request.Path.Value));
            problem = Problem.Create(StatusCodes.Status500InternalServerError, "Unexpected error",
                "The server could not complete the request. The failure is logged; nothing committed before it is lost.", "internal");
        }

        if (exception is InstanceBusyException)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    // Field errors of a start input or a signal payload: the whole body ("$") is named "body", as a malformed body is.
    private static ProblemHttpResult Invalid(IReadOnlyList<InputFieldError> errors, string detail) => Problem.Invalid(
        errors.GroupBy(f => f.Field == "$" ? "body" : f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()), detail);

    public static ProblemHttpResult? ToProblem(Exception exception) => exception switch
    {
        WorkflowNotFoundException e => Problem.NotFound(e.Message, e.Code),
        InstanceNotFoundException e => Problem.NotFound(e.Message, e.Code),
        InputValidationException e => Invalid(e.Errors, e.Message),
        SignalPayloadInvalidException e => Invalid(e.Errors, e.Message),
        UnknownOutcomeException e => Problem.Create(StatusCodes.Status400BadRequest, "Invalid request", e.Message, e.Code,
            new Dictionary<string, string[]> { ["outcome"] = [$"Allowed: {string.Join(", ", e.Allowed)}."] }, new Dictionary<string, object?> { ["allowed"] = e.Allowed }),
        SignalNotExpectedException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?> { ["expected"] = e.Expected }),
        NoIncidentException e => Problem.Conflict(e.Message, e.Code),
        AwaitsDecisionException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?> { ["instanceId"] = e.InstanceId, ["stepId"] = e.StepId }),
        AlterationInvalidException e => Problem.Invalid(e.Field, e.Detail, e.Message),
        UnresolvedIntentException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?>
        {
            ["intents"] = e.Intents.Select(i => new Dictionary<string, object?> { ["key"] = i.Key, ["stepId"] = i.StepId, ["createdAt"] = i.CreatedAt }).ToList(),
        }),
        InstanceReadableException e => Problem.Conflict(e.Message, e.Code),

        // A stored version this build cannot compile (an activity it uses was removed or renamed since it was published): said,
        // not a 500. A required input added since does not get here (WorkflowCompiler.CompilePublished).
        DefinitionLoadException e => Problem.Conflict(e.Message, "version_unloadable", new Dictionary<string, object?>
        {
            ["problems"] = e.Errors.Select(d => new Dictionary<string, object?>
            {
                ["workflowId"] = d.WorkflowId, ["stepId"] = d.StepId, ["code"] = d.Code.ToString(), ["message"] = d.Message, ["field"] = d.Field,
            }).ToList(),
        }),
        // A workflow whose file in the definitions directory did not load, and that has no stored version to serve: said with
        // the file and the field, never "not found" (the file is there) nor a 500.
        WorkflowUnloadableException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?>
        {
            ["workflowId"] = e.WorkflowId,
            ["problems"] = e.Errors.Select(d => new Dictionary<string, object?>
            {
                ["file"] = d.File, ["stepId"] = d.StepId, ["code"] = d.Code.ToString(), ["message"] = d.Message, ["field"] = d.Field,
            }).ToList(),
        }),
        PastPointOfNoReturnException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?>
        {
            ["instanceId"] = e.InstanceId, ["stepId"] = e.StepId, ["outcome"] = e.Outcome, ["moneyCallOut"] = e.MoneyCallOut,
            ["instanceIds"] = e.Journeys.Select(j => j.InstanceId).ToList(),
            ["journeys"] = e.Journeys.Select(j => new Dictionary<string, object?>
            {
                ["instanceId"] = j.InstanceId, ["stepId"] = j.StepId, ["activity"] = j.Activity, ["outcome"] = j.Outcome, ["moneyCallOut"] = j.MoneyCallOut,
                // As the journey's cancelRefusal says them (docs/api.md): "settle the call first" is not "the money moved".
                ["awaitsDecision"] = j.AwaitsDecision, ["takenAnswer"] = j.TakenAnswer,
            }).ToList(),
        }),
        InvalidInstanceStateException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?> { ["instanceStatus"] = e.Status }),
        JourneysInFlightException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?> { ["instanceIds"] = e.InstanceIds }),
        InstanceBusyException e => Problem.Conflict(e.Message, e.Code, new Dictionary<string, object?> { ["retryable"] = true }),
        PayloadKeysMismatchException e => Problem.Create(StatusCodes.Status503ServiceUnavailable, "Payload keys missing", e.Message, e.Code),
        SchemaNewerThanBuildException e => Problem.Create(StatusCodes.Status503ServiceUnavailable, "Schema newer than this build", e.Message, e.Code),
        InstanceUnreadableException e => Problem.Create(StatusCodes.Status503ServiceUnavailable, "Journey unreadable", e.Message, e.Code,
            extensions: new Dictionary<string, object?> { ["instanceId"] = e.InstanceId }),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } e => Problem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", e.Message, "unsupported_media_type"),
        BadHttpRequestException { InnerException: JsonException j } => Problem.Invalid("body", $"Malformed JSON: {j.Message}"),
        BadHttpRequestException e => Problem.Create(e.StatusCode, "Bad request", e.Message, "bad_request"),
        JsonException e => Problem.Invalid("body", $"Malformed JSON: {e.Message}"),
        _ => null,
    };

    /// <summary>
    /// A version a request names that the workflow does not have (a migration's <c>toVersion</c> or <c>fromVersion</c>):
    /// the same <c>404 workflow_not_found</c> as <see cref="ToProblem"/> maps, with <c>errors</c> naming the field. The
    /// generic mapping names none, as its callers (a start, a definition read, the dashboard) each say which id in their path.
    /// </summary>
    public static ProblemHttpResult VersionNotFound(WorkflowNotFoundException exception, string field) =>
        Problem.Create(StatusCodes.Status404NotFound, "Not found", exception.Message, exception.Code,
            new Dictionary<string, string[]>
            {
                [field] = [exception.Version is { } v && field != "workflowId"
                    ? $"Workflow '{exception.WorkflowId}' has no version {v}."
                    : $"No workflow '{exception.WorkflowId}' is published."],
            });

    public static ProblemHttpResult TooLarge(long? limit) => Problem.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large",
        limit is { } l ? $"The request body is over the limit of {l} bytes for this endpoint." : "The request body is over the limit for this endpoint.",
        "payload_too_large", new Dictionary<string, string[]> { ["body"] = ["Too large."] });
}
