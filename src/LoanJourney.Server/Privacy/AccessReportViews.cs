using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Privacy;

/// <summary>
/// A borrower's access report (<c>GET /api/borrowers/{customerId}/access-report</c>, DPDP Act 2023 s.11): what personal data
/// the platform processes about them, in which journeys, and which lenders and partners it was shared with — categories, never
/// values (docs/server.md, "Access report").
/// </summary>
/// <param name="CustomerHash">The SHA-256 the audit trail and redacted journeys keep of the customer id.</param>
/// <param name="GeneratedAt">When the report was read.</param>
/// <param name="RetentionEnabled">Whether retention runs on this server (<c>retentionDueAt</c> is null when it does not).</param>
/// <param name="Journeys">Every journey of the borrower (by the customer id, or its hash once redacted), oldest first.</param>
/// <param name="SharedWith">Each lender or partner the journeys' lender calls sent personal data to, with what and when.</param>
/// <param name="Removed">What retention and erasure already removed: the report cannot say what those journeys held or sent.</param>
internal sealed record AccessReportView(
    string CustomerHash,
    DateTimeOffset GeneratedAt,
    bool RetentionEnabled,
    IReadOnlyList<AccessJourneyView> Journeys,
    IReadOnlyList<AccessRecipientView> SharedWith,
    AccessRemovedView Removed);

/// <summary>One journey of the borrower in an access report.</summary>
/// <param name="Id">The journey's id.</param>
/// <param name="WorkflowId">Which loan journey (the purpose of the processing).</param>
/// <param name="Version">The workflow's version.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Outcome">Its outcome once finished (<c>Disbursed</c>, <c>Rejected</c>…).</param>
/// <param name="Partner">The sourcing partner whose journey it is, or null for the team's.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="UpdatedAt">Its last change (for a redacted journey: the redaction).</param>
/// <param name="RetentionDueAt">When retention redacts it (finished, not yet redacted, retention on and a period set), else null.</param>
/// <param name="Categories">The categories of personal data it holds now (its input and variables), empty once redacted.</param>
/// <param name="Redacted">How and when its data was removed, or null.</param>
/// <param name="LenderCalls">Each call it made to a lender or partner, in journal order.</param>
internal sealed record AccessJourneyView(
    string Id,
    string WorkflowId,
    int Version,
    WorkflowStatus Status,
    string? Outcome,
    string? Partner,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RetentionDueAt,
    IReadOnlyList<string> Categories,
    AccessRedactionView? Redacted,
    IReadOnlyList<AccessLenderCallView> LenderCalls);

/// <summary>A journey's redaction.</summary>
/// <param name="At">When (the erasure's audit entry, or for retention the journey's last change, which the redaction is).</param>
/// <param name="By"><c>erasure</c> or <c>retention</c>.</param>
internal sealed record AccessRedactionView(DateTimeOffset At, string By);

/// <summary>One lender call of a journey: who received what, when. Of a redacted journey only the time and step are left.</summary>
/// <param name="At">When it was journaled.</param>
/// <param name="StepId">The step that made it.</param>
/// <param name="Lender">The lender or partner (<c>FinBoxPrism</c>, <c>CapitalFloat</c>, <c>Partner</c>…), null once redacted.</param>
/// <param name="Operation">The operation (<c>FinBoxSourcing.CreateUser</c>), null once redacted.</param>
/// <param name="Categories">The categories of personal data the request sent (its body's and query's field names), null once redacted.</param>
internal sealed record AccessLenderCallView(DateTimeOffset At, string? StepId, string? Lender, string? Operation, IReadOnlyList<string>? Categories);

/// <summary>One recipient of the borrower's personal data (the other fiduciaries and processors of s.11(1)(b)).</summary>
/// <param name="Lender">The lender or partner.</param>
/// <param name="Calls">How many calls (attempts) reached it.</param>
/// <param name="Operations">Which operations, sorted.</param>
/// <param name="Categories">Which categories of personal data it was sent, sorted.</param>
/// <param name="FirstAt">The first call.</param>
/// <param name="LastAt">The last call.</param>
/// <param name="Journeys">The journeys that called it.</param>
internal sealed record AccessRecipientView(string Lender, int Calls, IReadOnlyList<string> Operations, IReadOnlyList<string> Categories,
    DateTimeOffset FirstAt, DateTimeOffset LastAt, IReadOnlyList<string> Journeys);

/// <summary>What retention and erasure already removed from the borrower's journeys.</summary>
/// <param name="Journeys">Journeys redacted.</param>
/// <param name="ByErasure">Of them, by an erasure.</param>
/// <param name="ByRetention">Of them, by retention.</param>
/// <param name="LenderCallsWithoutDetails">Lender calls whose recipient and data went with the redaction (time and step kept).</param>
internal sealed record AccessRemovedView(int Journeys, int ByErasure, int ByRetention, int LenderCallsWithoutDetails);
