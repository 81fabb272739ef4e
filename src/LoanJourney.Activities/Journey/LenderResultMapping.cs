using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Activities.Journey;

/// <summary>
/// The one place that turns a <see cref="LenderResult{T}"/> kind into an engine result, so every activity treats the
/// lenders alike: success continues, processing polls, a rejection is the <c>Rejected</c> outcome, a retryable failure
/// fails the attempt (the step's retry policy backs off durably), a lender whose circuit is open defers the step until the breaker
/// half-opens (a durable timer, no attempt spent), a terminal failure raises an incident at once: <c>LenderApiMisconfigured</c>
/// naming the setting when the answer says our configuration is wrong (<see cref="LenderResult{T}.MisconfiguredSetting"/>),
/// else <c>LenderError</c>.
/// A lost answer (<see cref="LenderResult{T}.OutcomeUnknown"/>) of a call marked "no automatic retry" (not
/// <see cref="LenderOperation.SafeToRetry"/>) and not deduplicated by the lender (no <see cref="LenderOperation.DuplicateAnswer"/>)
/// raises an incident at once too: the step's retry would repeat it on a guess (Accept Offer sent four times, a second
/// CKYC OTP to the borrower), so the operator checks with the lender and decides (Retry sends it again). An activity
/// whose re-run reconciles before sending again says so (<c>retryReconciles</c>) and keeps the retry.
/// </summary>
internal static class LenderResultMapping
{
    /// <summary>The outcome every lender activity uses for a business rejection.</summary>
    public const string Rejected = "Rejected";

    /// <summary>Error kind of a transient lender failure (5xx, 429, timeouts, lender "try again").</summary>
    public const string LenderUnavailable = "LenderUnavailable";

    /// <summary>Error kind of a lender failure that repeating the call cannot fix.</summary>
    public const string LenderError = "LenderError";

    /// <summary>Error kind of a lender answer that says our configuration is wrong (our credentials refused, or no such path), not
    /// the borrower: <see cref="LenderResult{T}.MisconfiguredSetting"/>.</summary>
    public const string LenderApiMisconfigured = "LenderApiMisconfigured";

    /// <summary>Error kind of a call whose answer was lost: the next attempt reconciles before sending again, or (a call not
    /// safe to repeat) the operator decides.</summary>
    public const string OutcomeUnknown = "LenderOutcomeUnknown";

    /// <summary>
    /// Maps <paramref name="result"/>: <paramref name="onSuccess"/> for success, <paramref name="onProcessing"/> (default: a
    /// poll timer one <paramref name="pollInterval"/> from now) for processing, the <c>Rejected</c> outcome for a rejection,
    /// and failures as described on the type (<paramref name="retryReconciles"/>: see <see cref="Failure{T}(LenderResult{T}, bool)"/>).
    /// </summary>
    public static ActivityResult Map<T>(
        ActivityContext ctx,
        LenderResult<T> result,
        TimeSpan pollInterval,
        Func<LenderResult<T>, ActivityResult> onSuccess,
        Func<LenderResult<T>, ActivityResult>? onProcessing = null,
        bool retryReconciles = false) =>
        Map(result, onSuccess, onProcessing ?? (_ => Poll(ctx.UtcNow, pollInterval)), retryReconciles);

    /// <summary>The mapping itself, free of any context: see <see cref="Map{T}(ActivityContext, LenderResult{T}, TimeSpan, Func{LenderResult{T}, ActivityResult}, Func{LenderResult{T}, ActivityResult}?, bool)"/>.</summary>
    public static ActivityResult Map<T>(
        LenderResult<T> result,
        Func<LenderResult<T>, ActivityResult> onSuccess,
        Func<LenderResult<T>, ActivityResult> onProcessing,
        bool retryReconciles = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Kind switch
        {
            LenderResultKind.Success => onSuccess(result),
            LenderResultKind.Processing => onProcessing(result),
            LenderResultKind.Rejected => RejectedOutcome(result),
            _ => Failure(result, retryReconciles),
        };
    }

    /// <summary>
    /// The failure for a <see cref="LenderResultKind.RetryableFailure"/> or <see cref="LenderResultKind.TerminalFailure"/>. A lost
    /// answer of a call not safe to repeat is not retryable unless <paramref name="retryReconciles"/>: the activity's re-run
    /// finds out what the lost call did before sending again (reads the lender's state by its saved intent), or the repeat is
    /// documented as harmless.
    /// </summary>
    public static ActivityResult Failure<T>(LenderResult<T> result, bool retryReconciles = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.MisconfiguredSetting is { } setting)
        {
            return Misconfigured(result, setting);
        }

        var retryable = result.Kind != LenderResultKind.TerminalFailure;
        var kind = result.OutcomeUnknown ? OutcomeUnknown : retryable ? LenderUnavailable : LenderError;
        var message = $"{result.LenderCode ?? "no code"}: {result.Message ?? "the lender did not succeed"}";
        if (result.Hint is { } hint)
        {
            message += $". {hint}";
        }

        if (result.OutcomeUnknown && !retryReconciles && !SafeToRepeat(result.Operation))
        {
            var what = result.Operation is { } operation ? $"{operation.Name} ({operation.Why})" : "the call";
            return ActivityResult.Fail(kind,
                $"{result.LenderCode ?? "no code"}: no answer, so the lender may or may not have taken {what}. It is not repeated on a guess: " +
                "check with the lender, then Retry to send it again, or move the journey on.",
                retryable: false, Details(result));
        }

        // The lender's circuit is open: nothing was sent, so wait for the breaker to let a trial call through instead of spending an attempt.
        return result.RetryAfter is { } retryAfter && !result.OutcomeUnknown
            ? ActivityResult.Defer(kind, message, retryAfter, Details(result), result.Api)
            : ActivityResult.Fail(kind, message, retryable, Details(result));
    }

    /// <summary>
    /// Not retryable: an incident at once (another attempt sends the same key to the same address and gets the same answer), never
    /// <see cref="LenderError"/> or the <c>Rejected</c> outcome: a wrong key must not read as the lender's word about the borrower
    /// (session 48, docs/lenders.md "Our configuration refused"). The message names the setting and the status, never the key; the
    /// lender's words are already scrubbed. The operator fixes the setting and retries: the step is sent again.
    /// </summary>
    private static ActivityResult Misconfigured<T>(LenderResult<T> result, string setting)
    {
        var section = setting[..setting.LastIndexOf(':')];
        var call = result.Operation?.Name ?? "the call";
        var status = result.HttpStatus is { } http ? $"HTTP {http.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "an answer";
        var said = result.LenderCode is { } code && code != status ? $" ({code}{(result.Message is { Length: > 0 } m ? ": " + m : string.Empty)})"
            : result.Message is { Length: > 0 } message ? $" ({message})" : string.Empty;
        var what = setting.EndsWith(":BaseUrl", StringComparison.Ordinal)
            ? $"there is no such path or method there: check {setting} (the lender's documented base URL)"
            : $"it refuses our credentials: check {setting}";
        return ActivityResult.Fail(LenderApiMisconfigured,
            $"{status} from {section} to {call}{said}: {what}. This says our setting is wrong, nothing about the borrower, so the journey " +
            $"is not ended as rejected. Fix {setting} (a watched appsettings file reloads; an environment variable needs a restart), then " +
            "Retry this incident: the step is sent again (docs/lenders.md, \"Our configuration refused\").",
            retryable: false,
            new JsonObject
            {
                ["setting"] = setting,
                ["httpStatus"] = result.HttpStatus,
                ["lenderCode"] = result.LenderCode,
                ["operation"] = result.Operation?.Name,
                ["message"] = result.Message,
            });
    }

    /// <summary>The <c>Rejected</c> outcome with the lender's reason.</summary>
    public static ActivityResult RejectedOutcome<T>(LenderResult<T> result, string? reason = null) =>
        ActivityResult.Complete(Rejected, new JsonObject
        {
            ["reason"] = reason ?? result.Message ?? result.LenderCode,
            ["lenderCode"] = result.LenderCode,
        });

    /// <summary>Suspends on a poll timer one interval from now.</summary>
    public static ActivityResult Poll(ActivityContext ctx, TimeSpan pollInterval) => Poll(ctx.UtcNow, pollInterval);

    /// <summary>Suspends on a poll timer at <paramref name="now"/> + <paramref name="pollInterval"/>.</summary>
    public static ActivityResult Poll(DateTimeOffset now, TimeSpan pollInterval) =>
        ActivityResult.Suspend(BookmarkRequest.Timer(now + pollInterval, PollTimer));

    /// <summary>
    /// Polls again after a poll that only read and found the operation still processing: the same timer as <see cref="Poll(ActivityContext, TimeSpan)"/>,
    /// marked read-only (<see cref="ActivityResult.SuspendReadOnly"/>), so the engine may carry this poll's journal to the next commit.
    /// Only for a resumption that sent nothing but the status GET and changed no step state or variable.
    /// </summary>
    public static ActivityResult PollAgain(ActivityContext ctx, TimeSpan pollInterval) =>
        ActivityResult.SuspendReadOnly(BookmarkRequest.Timer(ctx.UtcNow + pollInterval, PollTimer));

    /// <summary>The label of poll timers.</summary>
    public const string PollTimer = "poll";

    // A read or an idempotent call may go again; so may one the lender answers with its duplicate answer (the repeat tells the first's outcome).
    private static bool SafeToRepeat(LenderOperation? operation) => operation is { SafeToRetry: true } or { DuplicateAnswer: not null };

    private static JsonObject Details<T>(LenderResult<T> result) => new()
    {
        ["operation"] = result.Operation?.Name,
        ["lenderCode"] = result.LenderCode,
        ["httpStatus"] = result.HttpStatus,
        ["message"] = result.Message,
        ["outcomeUnknown"] = result.OutcomeUnknown,
    };
}
