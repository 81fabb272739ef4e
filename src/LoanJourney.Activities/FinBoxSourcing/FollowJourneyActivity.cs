using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Follows the borrower's journey in FinBox's app by v1 webhooks. Which event types end the step, and with which
/// outcome, is data: <c>outcomes</c> maps an outcome to one event type or an array of them (e.g.
/// <c>{"Disbursed": "loan_disbursed", "Rejected": ["loan_rejected"]}</c>). <c>progress</c> event types only update the
/// <c>lenderStatus</c> variable. A <c>refresh-token</c> signal issues a fresh SDK token; <c>expiresAfter</c> ends the step
/// with <c>Expired</c>. Each event is awaited on the key <see cref="WebhookKeys.FinBoxEvent"/>.
/// </summary>
[Activity("FinBoxSdk.FollowJourney", Description = "Sourcing v1: follow the borrower's app journey by webhooks (event types → outcomes are data); refresh-token signal; expiry.",
    IsWait = true, OutcomesFromInput = "outcomes", OutcomesFromInputDefault = ExpiredOutcome, Outcomes = [ExpiredOutcome],
    Outputs = ["eventType", "loanApplicationID", "loggedAt"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("outcomes", ActivityValueType.Object, Required = true, Description = "Outcome → event type (or array of event types) that ends the step with it.")]
[ActivityInput("progress", ActivityValueType.Array, Description = "Event types that only update lenderStatus.")]
[ActivityInput("expiresAfter", ActivityValueType.Duration, Description = "End with Expired after this long (default 30 days).")]
[ActivityInput("source", ActivityValueType.String, Description = "Source tag for refreshed tokens.")]
[ActivityInput("tokenLifetime", ActivityValueType.Duration, Description = "Lifetime of refreshed tokens (default 24 h).")]
public sealed class FollowJourneyActivity(IFinBoxSourcingClient sourcing) : Activity
{
    /// <summary>The outcome when no deciding event came in time.</summary>
    public const string ExpiredOutcome = "Expired";

    /// <summary>The signal that asks for a fresh SDK token.</summary>
    public const string RefreshTokenSignal = "refresh-token";

    /// <summary>The variable with the last event seen.</summary>
    public const string LenderStatusVariable = "lenderStatus";

    private const string DeadlineKey = "deadline";
    private const string ExpiryTimer = "expiry";

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("expiresAfter") ?? TimeSpan.FromDays(30));
        return ValueTask.FromResult(Wait(context));
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        switch (stimulus.Kind)
        {
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
                return OnEvent(context, stimulus.Payload);
        }
    }

    private static ActivityResult OnEvent(ActivityContext context, JsonNode? payload)
    {
        var eventType = payload?["eventType"]?.GetValue<string>();
        var loanApplicationId = payload?["loanApplicationID"]?.GetValue<string>();
        var loggedAt = payload?["loggedAt"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(loanApplicationId))
        {
            context.SetVariable(JourneyVariables.LoanApplicationId, loanApplicationId);
        }

        context.SetVariable(LenderStatusVariable, new JsonObject { ["eventType"] = eventType, ["loggedAt"] = loggedAt });
        var outcome = eventType is null ? null : Outcomes(context).FirstOrDefault(p => p.EventTypes.Contains(eventType, StringComparer.Ordinal)).Outcome;
        return outcome is null
            ? Wait(context)
            : ActivityResult.Complete(outcome, new JsonObject
            {
                ["eventType"] = eventType,
                ["loanApplicationID"] = loanApplicationId ?? context.GetVariable(JourneyVariables.LoanApplicationId)?.DeepClone(),
                ["loggedAt"] = loggedAt,
                ["eventDescription"] = payload?["eventDescription"]?.DeepClone(),
            });
    }

    private static ActivityResult Wait(ActivityContext context)
    {
        var customerId = context.GetRequiredString("customerId");
        var eventTypes = Outcomes(context).SelectMany(o => o.EventTypes)
            .Concat(context.GetInput<List<string>>("progress") ?? [])
            .Distinct(StringComparer.Ordinal);
        var bookmarks = eventTypes.Select(e => BookmarkRequest.Webhook(WebhookKeys.FinBoxEvent(customerId, e), e)).ToList();
        bookmarks.Add(BookmarkRequest.Signal(RefreshTokenSignal));
        bookmarks.Add(BookmarkRequest.Timer(context.State[DeadlineKey]!.GetValue<DateTimeOffset>(), ExpiryTimer));
        return ActivityResult.Suspend([.. bookmarks]);
    }

    private static IEnumerable<(string Outcome, IReadOnlyList<string> EventTypes)> Outcomes(ActivityContext context) =>
        (context.GetInput("outcomes") as JsonObject ?? throw new ActivityInputException("outcomes", "Input 'outcomes' must be an object."))
        .Select(p => (p.Key, (IReadOnlyList<string>)(p.Value switch
        {
            JsonArray array => array.Select(v => v?.GetValue<string>()).OfType<string>().ToList(),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
            _ => throw new ActivityInputException("outcomes", $"Outcome '{p.Key}' must map to an event type or an array of them."),
        })));
}
