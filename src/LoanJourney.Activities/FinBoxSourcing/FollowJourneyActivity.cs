using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Follows the borrower's journey in FinBox's app by v1 webhooks <b>and</b> by polling the lender's API, whichever comes
/// first; the step completes once. Which event types end the step, and with which outcome, is data: <c>outcomes</c> maps
/// an outcome to one event type or an array of them (e.g. <c>{"Disbursed": "loan_disbursed", "Rejected": ["loan_rejected"]}</c>),
/// and <c>confirm</c> maps an outcome to the loan statuses (<c>v1/loan/details</c>) that also prove it.
/// <para>A webhook is a hint, never proof (anyone can post one): a deciding event is acted on only when the API confirms
/// it — the event is in <c>v1/user/activity</c>, or the loan's status is one of the outcome's <c>confirm</c> statuses.
/// Otherwise the event is journaled as <c>WebhookRejected</c> with the reason and the step keeps waiting; it never
/// faults because of a webhook. <c>progress</c> events only update <c>lenderStatus</c>.</para>
/// <para>Polls (<c>v1/user/activity</c>, then <c>v1/loan/details</c> once the application id is known) run on a back-off
/// from <c>pollInterval</c>, doubling up to <c>maxPollInterval</c>, so a journey whose webhooks were all lost still ends.
/// A <c>refresh-token</c> signal issues a fresh SDK token; <c>expiresAfter</c> ends the step with <c>Expired</c>.</para>
/// </summary>
[Activity("FinBoxSdk.FollowJourney", Description = "Sourcing v1: follow the borrower's app journey by webhooks confirmed through the API, and by polls (event types and loan statuses → outcomes are data); refresh-token signal; expiry.",
    IsWait = true, OutcomesFromInput = "outcomes", OutcomesFromInputDefault = ExpiredOutcome, Outcomes = [ExpiredOutcome],
    Outputs = ["eventType", "loanApplicationID", "loggedAt", "confirmedBy", "eventDescription"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("outcomes", ActivityValueType.Object, Required = true, Description = "Outcome → event type (or array of event types) that ends the step with it.")]
[ActivityInput("confirm", ActivityValueType.Object, Description = "Outcome → loan status (or array) of v1/loan/details that proves it (e.g. {\"Disbursed\": [\"DISBURSED\"]}).")]
[ActivityInput("progress", ActivityValueType.Array, Description = "Event types that only update lenderStatus.")]
[ActivityInput("expiresAfter", ActivityValueType.Duration, Description = "End with Expired after this long (default 30 days).")]
[ActivityInput("pollInterval", ActivityValueType.Duration, Description = "First poll of the API after this long (default Engine:PollInterval x 12); doubles after each poll.")]
[ActivityInput("maxPollInterval", ActivityValueType.Duration, Description = "Longest wait between two polls (default Engine:PollInterval x 120).")]
[ActivityInput("source", ActivityValueType.String, Description = "Source tag for refreshed tokens.")]
[ActivityInput("tokenLifetime", ActivityValueType.Duration, Description = "Lifetime of refreshed tokens (default 24 h).")]
public sealed class FollowJourneyActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    /// <summary>The outcome when no deciding event came in time.</summary>
    public const string ExpiredOutcome = "Expired";

    /// <summary>The signal that asks for a fresh SDK token.</summary>
    public const string RefreshTokenSignal = "refresh-token";

    /// <summary>The variable with the last event seen.</summary>
    public const string LenderStatusVariable = "lenderStatus";

    /// <summary>Journal kind of a deciding webhook the lender's API did not confirm.</summary>
    public const string WebhookRejected = "WebhookRejected";

    private const string DeadlineKey = "deadline";
    private const string NextPollKey = "nextPoll";
    private const string PollDelayKey = "pollDelay";
    private const string ExpiryTimer = "expiry";
    private const string PollTimer = "poll";

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("expiresAfter") ?? TimeSpan.FromDays(30));
        var first = context.GetOptionalDuration("pollInterval") ?? options.PollInterval * 12;
        context.State[PollDelayKey] = first.TotalMilliseconds;
        context.State[NextPollKey] = context.UtcNow + first;
        return ValueTask.FromResult(Wait(context));
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        switch (stimulus.Kind)
        {
            case BookmarkKind.Timer when stimulus.Name == PollTimer:
                return await PollAsync(context);

            case BookmarkKind.Timer:
                return ActivityResult.Complete(ExpiredOutcome);

            case BookmarkKind.Signal:
                var token = await GenerateTokenActivity.IssueAsync(sourcing, context);
                if (token.IsSuccess)
                {
                    GenerateTokenActivity.Expose(context, token);
                }
                else
                {
                    context.AddJournalEntry("TokenRefreshFailed", new JsonObject { ["lenderCode"] = token.LenderCode, ["message"] = token.Message });
                }

                return Wait(context);

            default:
                return await OnEventAsync(context, stimulus.Payload);
        }
    }

    private async Task<ActivityResult> OnEventAsync(ActivityContext context, JsonNode? payload)
    {
        var eventType = payload?["eventType"]?.GetValue<string>();
        var loanApplicationId = payload?["loanApplicationID"]?.GetValue<string>();
        var loggedAt = payload?["loggedAt"]?.GetValue<string>();
        var outcome = eventType is null ? null : OutcomeOf(context, eventType);
        if (outcome is null)
        {
            // Progress only: shown to the partner as the last known status, decides nothing.
            Progress(context, eventType, loanApplicationId, loggedAt);
            return Wait(context);
        }

        var (confirmed, reason, truth) = await ConfirmAsync(context, outcome, eventType!, loanApplicationId);
        if (!confirmed)
        {
            context.AddJournalEntry(WebhookRejected, new JsonObject
            {
                ["eventType"] = eventType,
                ["loanApplicationID"] = loanApplicationId,
                ["loggedAt"] = loggedAt,
                ["reason"] = reason,
            });
            return truth ?? Wait(context);
        }

        return Decided(context, outcome, eventType!, loanApplicationId ?? Known(context), loggedAt, payload?["eventDescription"]?.DeepClone(), "webhook+api");
    }

    /// <summary>
    /// Confirms a deciding event through the API. The answer may also be a different truth (the activity history holds
    /// another deciding event): then the step ends with that one.
    /// </summary>
    private async Task<(bool Confirmed, string Reason, ActivityResult? Truth)> ConfirmAsync(ActivityContext context, string outcome, string eventType, string? loanApplicationId)
    {
        var customerId = context.GetRequiredString("customerId");
        var activity = await LenderCalls.CallAsync(context, ct => sourcing.GetUserActivityAsync(customerId, ct));
        if (!activity.IsSuccess)
        {
            return (false, $"could not be confirmed now: v1/user/activity answered {activity.LenderCode ?? "nothing"}; the polls go on", null);
        }

        var history = activity.Body?.Data?.UserActivityHistory ?? [];
        if (history.Any(e => e.EventType == eventType && SameLoan(e.LoanApplicationID, loanApplicationId)))
        {
            return (true, "", null);
        }

        var known = Known(context) ?? history.LastOrDefault(e => !string.IsNullOrEmpty(e.LoanApplicationID))?.LoanApplicationID;
        if (!string.IsNullOrEmpty(loanApplicationId) && !string.IsNullOrEmpty(known) && loanApplicationId != known)
        {
            return (false, "the loanApplicationID is not this customer's application", FromHistory(context, history));
        }

        var applicationId = loanApplicationId ?? known;
        if (!string.IsNullOrEmpty(applicationId))
        {
            var details = await LenderCalls.CallAsync(context, ct => sourcing.GetLoanDetailsAsync(applicationId, ct));
            if (details.IsSuccess && details.Body?.Data?.Status is { } status)
            {
                if (StatusesOf(context, outcome).Contains(status, StringComparer.OrdinalIgnoreCase))
                {
                    return (true, "", null);
                }

                return (false, $"not in the user's activity, and the loan's status is {status}", FromHistory(context, history) ?? FromStatus(context, status, applicationId));
            }

            return (false, $"not in the user's activity, and v1/loan/details answered {details.LenderCode ?? "nothing"}", FromHistory(context, history));
        }

        return (false, "not in the user's activity, and no loan application is known", FromHistory(context, history));
    }

    private async Task<ActivityResult> PollAsync(ActivityContext context)
    {
        var delay = Math.Min((context.State[PollDelayKey]?.GetValue<double>() ?? options.PollInterval.TotalMilliseconds) * 2,
            (context.GetOptionalDuration("maxPollInterval") ?? options.PollInterval * 120).TotalMilliseconds);
        context.State[PollDelayKey] = delay;
        context.State[NextPollKey] = context.UtcNow + TimeSpan.FromMilliseconds(delay);

        var customerId = context.GetRequiredString("customerId");
        var activity = await LenderCalls.CallAsync(context, ct => sourcing.GetUserActivityAsync(customerId, ct));
        if (activity.IsSuccess)
        {
            var history = activity.Body?.Data?.UserActivityHistory ?? [];
            if (FromHistory(context, history) is { } decided)
            {
                return decided;
            }

            if (history.LastOrDefault() is { } last)
            {
                Progress(context, last.EventType, last.LoanApplicationID ?? history.LastOrDefault(e => !string.IsNullOrEmpty(e.LoanApplicationID))?.LoanApplicationID, last.LoggedAt);
            }
        }

        if (Known(context) is { Length: > 0 } applicationId)
        {
            var details = await LenderCalls.CallAsync(context, ct => sourcing.GetLoanDetailsAsync(applicationId, ct));
            if (details.IsSuccess && details.Body?.Data?.Status is { } status && FromStatus(context, status, applicationId) is { } byStatus)
            {
                return byStatus;
            }
        }

        // A failed poll is no decision: the next one comes after the back-off.
        return Wait(context);
    }

    private static ActivityResult? FromHistory(ActivityContext context, IReadOnlyList<UserActivity> history)
    {
        foreach (var e in history)
        {
            if (e.EventType is { } type && OutcomeOf(context, type) is { } outcome)
            {
                var applicationId = string.IsNullOrEmpty(e.LoanApplicationID) ? Known(context) : e.LoanApplicationID;
                return Decided(context, outcome, type, applicationId, e.LoggedAt, e.EventDescription is null ? null : JsonValue.Create(e.EventDescription), "api:user-activity");
            }
        }

        return null;
    }

    private static ActivityResult? FromStatus(ActivityContext context, string status, string applicationId)
    {
        var outcome = Confirmations(context).FirstOrDefault(c => c.Statuses.Contains(status, StringComparer.OrdinalIgnoreCase)).Outcome;
        return outcome is null ? null : Decided(context, outcome, null, applicationId, null, null, "api:loan-details:" + status);
    }

    private static ActivityResult Decided(ActivityContext context, string outcome, string? eventType, string? loanApplicationId, string? loggedAt, JsonNode? description, string confirmedBy)
    {
        Progress(context, eventType, loanApplicationId, loggedAt);
        return ActivityResult.Complete(outcome, new JsonObject
        {
            ["eventType"] = eventType,
            ["loanApplicationID"] = loanApplicationId,
            ["loggedAt"] = loggedAt,
            ["eventDescription"] = description,
            ["confirmedBy"] = confirmedBy,
        });
    }

    private static void Progress(ActivityContext context, string? eventType, string? loanApplicationId, string? loggedAt)
    {
        if (!string.IsNullOrEmpty(loanApplicationId) && Known(context) is null)
        {
            context.SetVariable(JourneyVariables.LoanApplicationId, loanApplicationId);
        }

        if (eventType is not null)
        {
            context.SetVariable(LenderStatusVariable, new JsonObject { ["eventType"] = eventType, ["loggedAt"] = loggedAt });
        }
    }

    private static string? Known(ActivityContext context) => context.GetVariable(JourneyVariables.LoanApplicationId)?.GetValue<string>() is { Length: > 0 } id ? id : null;

    private static bool SameLoan(string? inHistory, string? inWebhook) =>
        string.IsNullOrEmpty(inWebhook) || string.IsNullOrEmpty(inHistory) || inHistory == inWebhook;

    private ActivityResult Wait(ActivityContext context)
    {
        var customerId = context.GetRequiredString("customerId");
        var eventTypes = Outcomes(context).SelectMany(o => o.EventTypes)
            .Concat(context.GetInput<List<string>>("progress") ?? [])
            .Distinct(StringComparer.Ordinal);
        var bookmarks = eventTypes.Select(e => BookmarkRequest.Webhook(WebhookKeys.FinBoxEvent(customerId, e), e)).ToList();
        bookmarks.Add(BookmarkRequest.Signal(RefreshTokenSignal));
        var deadline = context.State[DeadlineKey]!.GetValue<DateTimeOffset>();
        bookmarks.Add(BookmarkRequest.Timer(deadline, ExpiryTimer));
        var nextPoll = context.State[NextPollKey]?.GetValue<DateTimeOffset>() ?? context.UtcNow + options.PollInterval * 12;
        if (nextPoll < deadline)
        {
            bookmarks.Add(BookmarkRequest.Timer(nextPoll, PollTimer));
        }

        return ActivityResult.Suspend([.. bookmarks]);
    }

    private static string? OutcomeOf(ActivityContext context, string eventType) =>
        Outcomes(context).FirstOrDefault(p => p.EventTypes.Contains(eventType, StringComparer.Ordinal)).Outcome;

    private static IReadOnlyList<string> StatusesOf(ActivityContext context, string outcome) =>
        Confirmations(context).FirstOrDefault(c => c.Outcome == outcome).Statuses ?? [];

    private static IEnumerable<(string Outcome, IReadOnlyList<string> EventTypes)> Outcomes(ActivityContext context) =>
        StringMap(context, "outcomes", required: true);

    private static IEnumerable<(string Outcome, IReadOnlyList<string> Statuses)> Confirmations(ActivityContext context) =>
        StringMap(context, "confirm", required: false);

    private static IEnumerable<(string Key, IReadOnlyList<string> Values)> StringMap(ActivityContext context, string input, bool required)
    {
        var node = context.GetInput(input);
        if (node is null && !required)
        {
            return [];
        }

        return (node as JsonObject ?? throw new ActivityInputException(input, $"Input '{input}' must be an object."))
            .Select(p => (p.Key, (IReadOnlyList<string>)(p.Value switch
            {
                JsonArray array => array.Select(v => v?.GetValue<string>()).OfType<string>().ToList(),
                JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
                _ => throw new ActivityInputException(input, $"'{p.Key}' in '{input}' must map to a string or an array of strings."),
            })));
    }
}
