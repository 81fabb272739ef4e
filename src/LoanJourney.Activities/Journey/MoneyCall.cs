using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Storage;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.Journey;

/// <summary>
/// A money call the lender offers no way to look up (Capital Float tranche and cancel, Prism disbursal and agreement
/// triggers before a referenceID came back). The intent (what, how much, which references) is saved before each send and
/// records every send. When a send got no answer, or a re-run finds an intent whose send got none, the outcome is unknown:
/// the step stops with an <see cref="OperatorDecision.ErrorKind"/> incident showing the intent, and sends again only when
/// an operator confirmed it was not sent. It never resends on a guess. A send the lender answered with a refusal (a
/// business error, a 4xx, a 429) is known not to have taken effect, so it may be sent again; an answer that only says
/// something failed (a 5xx or 408, from the lender or a gateway before it, or a code such as Prism's "Timed Out") leaves
/// the outcome as open as no answer (<see cref="LeavesOutcomeOpen{T}"/>).
/// The one exception is not a guess: a request the lender documents as deduplicated (<c>deduplicated: true</c>, see
/// <see cref="Lenders.Common.LenderOperation.DuplicateAnswer"/>) is sent again as the same request, and the lender's answer
/// tells the first one's outcome: a success means it never took effect, the duplicate answer means it did.
/// </summary>
internal static class MoneyCall
{
    /// <summary>Journal kind of the incident's explanation.</summary>
    public const string JournalKind = "OutcomeUnknown";

    /// <summary>Intent field: the last send was answered (a failure the lender reported), so sending again is safe.</summary>
    private const string Answered = IntentRecord.AnsweredWithFailure;
    private const string Sends = "sends";
    private const string DecisionId = "decisionId";

    /// <summary>Send field: the lender answered this send with a failure (it did not take effect).</summary>
    private const string Failed = "failed";

    /// <summary>Intent field: the lender's duplicate answer to this journey's first send (<see cref="TakenElsewhereAsync"/>).</summary>
    public const string TakenElsewhere = "takenElsewhere";

    /// <summary>
    /// The choices an operator has, as shown with the incident (docs/api.md): the call took effect (its reference), it did not
    /// (send it again), or it did not and the journey stops (<c>confirm-not-sent</c> with <c>"then": "cancel"</c>). A plain
    /// cancel is no answer: for a point-of-no-return call it is refused until the call is settled.
    /// </summary>
    private static readonly string[] Choices = ["confirm-sent", "confirm-not-sent", "confirm-not-sent-and-cancel"];

    /// <summary>
    /// The choices once the lender said it took the request (<see cref="AlreadyTakenWithoutReferenceAsync"/>): only its
    /// reference. (A journey whose taken call is no point of no return, an agreement, can still be cancelled as usual.)
    /// </summary>
    private static readonly string[] TakenChoices = ["confirm-sent"];

    /// <summary>Journal action of a deduplicated request resent after a lost answer.</summary>
    private const string ResendDeduplicated = "resend-deduplicated";

    /// <summary>What the re-run of a money step must do before (or instead of) sending.</summary>
    public enum Next
    {
        /// <summary>No unresolved send: send (again).</summary>
        Send,

        /// <summary>The operator confirmed it was sent: complete with <see cref="Plan.Reference"/>, never send.</summary>
        ConfirmedSent,

        /// <summary>Unknown and undecided: return <see cref="Plan.Incident"/>.</summary>
        Stop,
    }

    /// <summary>The decision for one run of a money step.</summary>
    public sealed record Plan(Next Next, string? Reference, ActivityResult? Incident, JsonArray PreviousSends, string? DecisionId);

    /// <summary>
    /// Reads the intent and any operator decision; journals what it found. With <paramref name="deduplicated"/> (the lender
    /// deduplicates a repeat of this request) an unresolved send is resent as is instead of asking the operator.
    /// </summary>
    public static Plan Reconcile(ActivityContext ctx, ILogger logger, string intentKey, string operation, bool deduplicated = false)
    {
        var intent = ctx.GetIntent(intentKey) as JsonObject;
        var sends = intent?[Sends] as JsonArray ?? [];
        if (intent is null || intent[Answered]?.GetValue<bool>() == true)
        {
            return new Plan(Next.Send, null, null, (JsonArray)sends.DeepClone(), null);
        }

        var decision = OperatorDecision.From(ctx);
        var undecided = decision is null || intent[DecisionId]?.GetValue<string>() == decision.Id;
        if (undecided && deduplicated)
        {
            ActivityLog.Reconciling(logger, ctx.InstanceId, ctx.StepId, intentKey, ResendDeduplicated);
            ctx.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = intentKey, ["action"] = ResendDeduplicated, ["sends"] = sends.Count });
            return new Plan(Next.Send, null, null, (JsonArray)sends.DeepClone(), intent[DecisionId]?.GetValue<string>());
        }

        if (undecided || decision is null)
        {
            ActivityLog.Reconciling(logger, ctx.InstanceId, ctx.StepId, intentKey, "operator");
            return new Plan(Next.Stop, null, Incident(ctx, operation, intent), (JsonArray)sends.DeepClone(), null);
        }

        var action = decision.Sent ? "operator-confirmed-sent" : "operator-resend";
        ActivityLog.Reconciling(logger, ctx.InstanceId, ctx.StepId, intentKey, action);
        ctx.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = intentKey, ["action"] = action, ["decisionId"] = decision.Id, ["reference"] = decision.Reference });
        return decision.Sent
            ? new Plan(Next.ConfirmedSent, decision.Reference, null, (JsonArray)sends.DeepClone(), decision.Id)
            : new Plan(Next.Send, null, null, (JsonArray)sends.DeepClone(), decision.Id);
    }

    /// <summary>
    /// Saves the intent (<paramref name="what"/> + the sends so far + this one), sends, and records the answer: a lost
    /// answer raises the incident at once (unless <paramref name="deduplicated"/>: then the caller fails the attempt and the
    /// retry resends the same request); a lender-reported failure marks the intent answered so a retry may send again.
    /// </summary>
    public static async Task<(LenderResult<T> Result, ActivityResult? Incident)> SendAsync<T>(
        ActivityContext ctx, string intentKey, string operation, JsonObject what, Plan plan, Func<CancellationToken, Task<LenderResult<T>>> send,
        bool deduplicated = false)
    {
        var sends = (JsonArray)plan.PreviousSends.DeepClone();
        // The node that sends (session 45: after a node was killed mid-call, only searching each node's log told which sent it).
        sends.Add(new JsonObject { ["sentAt"] = WholeMillisecond(ctx.UtcNow), ["attempt"] = ctx.Attempt, ["decisionId"] = plan.DecisionId, ["node"] = ctx.NodeId });
        var intent = (JsonObject)what.DeepClone();
        intent[Sends] = sends;
        intent[DecisionId] = plan.DecisionId;
        await ctx.SaveIntentAsync(intentKey, intent);

        var result = await LenderCalls.CallAsync(ctx, send);
        if (!result.OutcomeUnknown && LeavesOutcomeOpen(result))
        {
            // The callers (and the step's failure) then treat it as a lost answer: reconcile or ask, never resend on a guess.
            result = result with { OutcomeUnknown = true };
            sends[^1]!["answer"] = $"{Answer(result)} (outcome unknown)";
            await ctx.RecordIntentAsync(intentKey, intent);
            return (result, deduplicated ? null : Incident(ctx, operation, intent));
        }

        if (result.OutcomeUnknown)
        {
            sends[^1]!["answer"] = $"none ({result.LenderCode ?? "no answer"})";
            await ctx.RecordIntentAsync(intentKey, intent);
            return (result, deduplicated ? null : Incident(ctx, operation, intent));
        }

        if (deduplicated && result.IsSuccess && result.LenderCode is { } code && sends[^1] is JsonObject last)
        {
            // Kept so an incident raised on this answer (a duplicate answer without a reference) shows what came back.
            last["answer"] = code;
            await ctx.RecordIntentAsync(intentKey, intent);
        }

        if (result.Kind is LenderResultKind.RetryableFailure or LenderResultKind.TerminalFailure)
        {
            sends[^1]!["answer"] = Answer(result);
            sends[^1]![Failed] = true;
            intent[Answered] = true;
            await ctx.RecordIntentAsync(intentKey, intent);
        }

        return (result, null);
    }

    // How a send's answer is recorded in the intent: the HTTP status and the lender's code ("504 HTTP 504", "200 FBX-E-003").
    private static string Answer<T>(LenderResult<T> result) =>
        $"{result.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {result.LenderCode}";

    /// <summary>
    /// True when a failure answer does not say the request was refused: a retryable failure answered with HTTP 408 or a
    /// 5xx (the lender failed while handling it, or a gateway in front of it gave up waiting: either may come after the
    /// lender acted), or with a code the lender uses for the same (<see cref="FinBoxPrismCodes.OutcomeOpenCodes"/>). A
    /// money call answered so is sent again only as a deduplicated request or on an operator's word. A terminal code (the
    /// lender's own refusal, whatever the HTTP status) and a 429 or FinBox's "Too Many Requests" (refused before handling)
    /// are answers: the call did not take effect.
    /// </summary>
    public static bool LeavesOutcomeOpen<T>(LenderResult<T> result) =>
        result.Kind == LenderResultKind.RetryableFailure
        && (result.HttpStatus is 408 or >= 500 || (result.LenderCode is { } code && FinBoxPrismCodes.OutcomeOpenCodes.Contains(code)));

    /// <summary>
    /// The lender answered a resent deduplicated request with its duplicate answer (the first send took effect) but gave no
    /// reference to follow it by: the outcome is known, the reference is not, so the operator supplies it. The intent is
    /// marked taken (<see cref="IntentRecord.TakenByLender"/>): the call is out, so a cancel of a point-of-no-return step (a
    /// disbursal) is refused while the operator is asked, and "not sent" is refused (it would resend a request the lender
    /// has); another step (an agreement) may still be cancelled.
    /// </summary>
    public static async Task<ActivityResult> AlreadyTakenWithoutReferenceAsync(ActivityContext ctx, string intentKey, string operation, string lenderCode)
    {
        var intent = ctx.GetIntent(intentKey) as JsonObject ?? new JsonObject();
        intent[IntentRecord.TakenByLender] = lenderCode;
        await ctx.RecordIntentAsync(intentKey, intent);
        return Incident(ctx, operation, intent,
            $"{operation}: the lender answered {lenderCode} (it already took this request) without the reference to follow it by, and offers no " +
            "lookup by customer. Confirm it was sent with the lender's reference (the step then follows it). Confirm-not-sent is refused: the lender " +
            "has the request. A cancel is refused too where the step is a point of no return (a disbursal).",
            TakenChoices);
    }

    /// <summary>Error kind of the incident <see cref="TakenElsewhereAsync"/> raises.</summary>
    public const string TakenElsewhereKind = "TakenElsewhere";

    /// <summary>
    /// Whether a send of this journey before the current one may have taken effect: any but one the lender answered with a
    /// failure (or one found taken elsewhere), whose <see cref="Failed"/> is set. A lost answer, a success whose step did
    /// not commit (a crash after the lender's answer), or a duplicate answer all may have. Only then is a duplicate answer
    /// to the current send this journey's own request; otherwise the lender took the request before this journey sent it.
    /// </summary>
    public static bool MayHaveTakenEffect(JsonArray previousSends) =>
        previousSends.Any(s => s?[Failed]?.GetValue<bool>() != true);

    /// <summary>
    /// The lender answered its duplicate answer (<paramref name="lenderCode"/>: it already took this request) to a send of
    /// which no earlier send of this journey may have taken effect (<see cref="MayHaveTakenEffect"/>): the request was
    /// taken before, by another journey of the same customer or outside LoanJourney. It is never adopted as this journey's
    /// (that would report another loan's disbursal as this one's): the send is recorded as answered, so a retry asks the
    /// lender again and never adopts it either (<see cref="TakenElsewhere"/> in the intent), and the step stops with a <see cref="TakenElsewhereKind"/> incident for
    /// the operator (cancel the journey, or skip it once the lender has explained).
    /// </summary>
    public static async Task<ActivityResult> TakenElsewhereAsync(ActivityContext ctx, string intentKey, string operation, string lenderCode, string? reference)
    {
        if (ctx.GetIntent(intentKey) is JsonObject intent)
        {
            intent[TakenElsewhere] = lenderCode;
            if (intent[Sends] is JsonArray { Count: > 0 } sends && sends[^1] is JsonObject last)
            {
                last["answer"] = $"{lenderCode} taken elsewhere";
                last[Failed] = true;
                intent[Answered] = true;
            }

            await ctx.RecordIntentAsync(intentKey, intent);
        }

        var details = new JsonObject { ["operation"] = operation, ["lenderCode"] = lenderCode, ["lenderReference"] = reference };
        ctx.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = intentKey, ["action"] = "taken-elsewhere", ["lenderCode"] = lenderCode, ["referenceID"] = reference });
        return ActivityResult.Fail(TakenElsewhereKind,
            $"{operation}: the lender answered {lenderCode} (it already took this request) to this journey's first request, so another journey of " +
            "this customer, or someone outside LoanJourney, made it before. It is not taken as this journey's. Check with the lender, then " +
            "cancel the journey or skip the step.",
            retryable: false, details);
    }

    /// <summary>
    /// A send's time to the millisecond, in UTC, as every other time of the API (docs/api.md: <c>2026-12-01T10:11:12.345+00:00</c>, as
    /// System.Text.Json writes it: no trailing zeros). Session 45's walk read <c>…21.7978565+00:00</c> in the incident's message and its
    /// <c>sends[].sentAt</c> / <c>lastSentAt</c>: the clock's ticks, below the millisecond the stores keep.
    /// </summary>
    internal static DateTimeOffset WholeMillisecond(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
    }

    // A sentAt written before session 45 (a string to the 100 ns) is shown to the millisecond too; anything else as it is.
    internal static string TimeText(JsonValue sentAt) =>
        sentAt.TryGetValue<DateTimeOffset>(out var at)
        || sentAt.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out at)
            ? WholeMillisecond(at).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFzzz", System.Globalization.CultureInfo.InvariantCulture)
            : sentAt.ToString();

    private static ActivityResult Incident(ActivityContext ctx, string operation, JsonObject intent, string? message = null, string[]? choices = null)
    {
        var sends = intent[Sends] as JsonArray;
        // sentAt is a DateTimeOffset in memory and a string once read back: either is written as the API writes times.
        var lastSent = sends is { Count: > 0 } && sends[^1]?["sentAt"] is JsonValue sentAt ? TimeText(sentAt) : null;
        var details = new JsonObject
        {
            ["operation"] = operation,
            ["intent"] = intent.DeepClone(),
            ["lastSentAt"] = lastSent,
            ["tried"] = sends?.DeepClone(),
            ["choices"] = new JsonArray((choices ?? Choices).Select(c => (JsonNode)c).ToArray()),
        };
        ctx.AddJournalEntry(JournalKind, details);
        return ActivityResult.Fail(OperatorDecision.ErrorKind,
            message ?? $"{operation} was sent (last at {lastSent ?? "unknown"}) and no answer came back; the lender offers no way to look it up. " +
            "Confirm it was sent (with the lender's reference), or confirm it was not: then it is sent again, or the journey is cancelled.",
            retryable: false, details);
    }
}
