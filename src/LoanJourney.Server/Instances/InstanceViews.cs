using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Auth;

namespace LoanJourney.Server.Instances;

/// <summary>
/// Engine model → API views (docs/api.md). Input, variables and details are PII-masked here, on the way out, and their
/// credentials masked (<see cref="SecretValues"/>) unless <c>secretsWhole</c>: only a partner-scoped principal reading its own
/// partner's journey reads them whole (<see cref="SecretsWhole"/>; docs/server.md, "Secrets in answers").
/// </summary>
internal static class InstanceViews
{
    // Engine journal kinds renamed to the API's vocabulary; the others pass through.
    private static readonly Dictionary<string, string> JournalKindNames = new(StringComparer.Ordinal)
    {
        [JournalKinds.StepFailed] = "StepFaulted",
        [JournalKinds.RetryScheduled] = "StepRetryScheduled",
        [JournalKinds.IncidentRaised] = "IncidentCreated",
        [JournalKinds.CompensationCompleted] = "Compensation",
        [JournalKinds.CompensationFailed] = "Compensation",
    };

    public static InstanceSummaryView Summary(WorkflowInstanceSummary s) =>
        new(s.Id, s.WorkflowId, s.WorkflowVersion, s.Status, s.Outcome, s.CorrelationId, s.CurrentStepId, s.CreatedAt, s.UpdatedAt, s.WaitingSince, s.HasIncident, s.Partner,
            s.IncidentKind, AwaitsDecision(s.IncidentKind), s.DeferredOn, s.FaultedAt);

    public static InstanceSummaryView Summary(WorkflowInstance i) =>
        new(i.Id, i.WorkflowId, i.WorkflowVersion, i.Status, i.Outcome, i.CorrelationId, i.CurrentStepId, i.CreatedAt, i.UpdatedAt, WaitingSince(i), i.Incident is not null, i.Partner,
            i.Incident?.ErrorKind, AwaitsDecision(i.Incident?.ErrorKind), DeferralTimer(i)?.Key,
            i.Status == WorkflowStatus.Faulted ? i.Incident?.CreatedAt : null, Signal(i.SignalAnswer));

    // A deferred step's timer: the step's $retry timer with a key, what it waits out (docs/engine.md, "Deferral"); no other timer has one.
    private static BookmarkInfo? DeferralTimer(WorkflowInstance i) =>
        i.Status == WorkflowStatus.Waiting ? i.Bookmarks.FirstOrDefault(b => b is { Kind: BookmarkKind.Timer, Key: not null }) : null;

    private static DeferralView? Deferral(WorkflowInstance i) =>
        DeferralTimer(i) is not { } timer ? null
        : new DeferralView(timer.StepId, timer.Key!, i.Steps.LastOrDefault(s => s.StepId == timer.StepId)?.Error, timer.DueAt,
            i.Steps.LastOrDefault(s => s.StepId == timer.StepId)?.Attempt ?? 1);

    // The step's own words, masked as an incident's message is (an activity's message or a failure's should carry no PII; this
    // makes sure). The engine has already left out a reason or message quoting the payload.
    internal static SignalAnswerView? Signal(SignalAnswer? a) =>
        a is null ? null : new(a.Signal, a.Result, a.StepOutcome, a.Reason, a.Message is { } m ? Pii.ScrubText(m) : null, a.AttemptsLeft);

    // An outcome-unknown incident asks the operator whether the money moved: it is answered, never retried (a retry is
    // 409 awaits_decision), so the list can count only the retryable ones (session 47's walk).
    private static bool AwaitsDecision(string? incidentKind) => incidentKind == OperatorDecision.ErrorKind;

    /// <summary>
    /// Whether <paramref name="user"/> reads the credentials in a journey's data whole: a partner-scoped principal only, on the
    /// routes of its own journeys (<see cref="PartnerScope.OwnJourneysOnly"/> has answered 404 for any other), because the
    /// session it created is its own and the borrower-facing SDK flow needs the token. Everyone else (every role, Admin and
    /// the unscoped keys too) reads them masked: an operator never needs one (least privilege).
    /// </summary>
    public static bool SecretsWhole(ClaimsPrincipal user) => user.Partner() is not null;

    public static InstanceDetailView Detail(WorkflowInstance i, JsonNode? input, PointOfNoReturnRefusal? cancelRefusal, bool secretsWhole)
    {
        var partner = new JsonObject();
        foreach (var name in JourneyVariables.PartnerFacing)
        {
            // What the partner must show the borrower (session URL, token): not PII-masked; its credentials whole for the partner only.
            if (i.Variables[name] is { } value)
            {
                partner[name] = value.DeepClone();
            }
        }

        if (!secretsWhole)
        {
            SecretValues.Mask(partner);
        }

        return new InstanceDetailView(
            i.Id, i.WorkflowId, i.WorkflowVersion, i.Status, i.Outcome, i.CorrelationId, i.CurrentStepId, i.CreatedAt, i.UpdatedAt, WaitingSince(i),
            i.Incident is not null, i.CancelRequested,
            i.Bookmarks.Select(b => new WaitingForView(Kind(b.Kind), b.Kind == BookmarkKind.Timer ? null : b.Key, b.DueAt, b.Sensitive,
                b.Kind == BookmarkKind.Timer ? b.Name : null, b.StepId, b.Kind == BookmarkKind.Timer ? b.Key : null)).ToList(),
            i.Steps.Select(s => Step(s, i.Status)).ToList(),
            i.Incident is { } incident
                ? new IncidentView(incident.Id, incident.StepId, incident.ErrorKind, Pii.ScrubText(incident.Message), incident.Attempts, Mask(incident.Details, secretsWhole), incident.CreatedAt)
                : null,
            Mask(i.Variables, secretsWhole),
            partner,
            Mask(input, secretsWhole),
            cancelRefusal is { } r ? Refusal(r) : null,
            i.Partner,
            i.Incident?.ErrorKind,
            AwaitsDecision(i.Incident?.ErrorKind),
            DeferralTimer(i)?.Key,
            Deferral(i));
    }

    /// <summary>Why a cancel of the journey would be refused, as the journey page and the erasure's dry run show it.</summary>
    public static CancelRefusalView Refusal(PointOfNoReturnRefusal r) =>
        new(r.StepId, r.Activity, r.Outcome, r.MoneyCallOut, r.AwaitsDecision, r.TakenAnswer, PastPointOfNoReturnException.CancelMessage(r));

    // Journal data is PII-masked where it is written (lender call records, incident details), and re-masking by field
    // name would garble the engine's own entries (a bookmark's "name"): it is shown as stored, its credentials masked (a
    // lender body's accessToken; no engine entry names one) unless secretsWhole.
    public static JournalEntryView Journal(JournalEntry e, bool secretsWhole)
    {
        var data = secretsWhole ? e.Data?.DeepClone() : SecretValues.Mask(e.Data?.DeepClone());
        if (e.Kind == JournalKinds.CompensationFailed && data is JsonObject obj)
        {
            obj["failed"] = true;
        }

        return new JournalEntryView(e.Sequence, e.At, JournalKindNames.GetValueOrDefault(e.Kind, e.Kind), e.StepId, e.Attempt, data);
    }

    /// <summary>
    /// A copy of <paramref name="node"/> as answers show a journey's data: its credentials masked (unless <paramref name="secretsWhole"/>),
    /// then its PII, the credentials left as the first pass made them (a variable named <c>token</c> shows as <c>partner.token</c> does,
    /// not removed by its name: <see cref="JsonBodyMasker.MaskJourneyData"/>).
    /// </summary>
    public static JsonNode? Mask(JsonNode? node, bool secretsWhole = false) =>
        JsonBodyMasker.MaskJourneyData(secretsWhole ? node?.DeepClone() : SecretValues.Mask(node?.DeepClone()));

    private static DateTimeOffset? WaitingSince(WorkflowInstance i) =>
        i.Status == WorkflowStatus.Waiting && i.Steps.Count > 0 ? i.Steps[^1].StartedAt : null;

    private static StepView Step(StepHistoryEntry s, WorkflowStatus instanceStatus)
    {
        var status = s switch
        {
            { Compensated: true } => "Compensated",
            { CompensationSkipped: true } => "CompensationSkipped",
            // A step the journey was at when it was cancelled was abandoned by the cancel, whatever it was doing: running,
            // waiting, retrying, or faulted (an incident the operator answered with a cancel). A faulted one keeps its error.
            { Status: "Running" or "Waiting" or "Retrying" or "Faulted" } when instanceStatus == WorkflowStatus.Cancelled => "Cancelled",
            { Status: "Retrying" } => "Waiting",
            _ => s.Status,
        };
        long? duration = s.FinishedAt is { } finished ? (long)(finished - s.StartedAt).TotalMilliseconds : null;
        return new StepView(s.StepId, s.Activity, status, s.Outcome, s.Attempt, s.StartedAt, s.FinishedAt, duration, s.Error);
    }

    private static string Kind(BookmarkKind kind) => kind switch
    {
        BookmarkKind.Webhook => "webhook",
        BookmarkKind.Timer => "timer",
        BookmarkKind.Signal => "signal",
        _ => kind.ToString(),
    };
}
