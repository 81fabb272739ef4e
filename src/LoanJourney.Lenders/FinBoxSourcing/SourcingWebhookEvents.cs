namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>
/// Webhook vocabulary named in the v1 document. The full activity list lives in FinBox's appendix (not in our seed), so
/// <see cref="WebhookPayload.EventType"/> stays a string and these are the values the document itself names.
/// </summary>
public static class SourcingWebhookEvents
{
    public const string UserCreated = "user_created";
    public const string EligibilityCalculated = "eligibility_calculated";
    public const string LoanApproved = "loan_approved";
    public const string LoanSignedAgreementGenerated = "loan_signed_agreement_generated";

    public const string EntitySourcingEntity = "sourcing_entity";
    public const string EntitySystem = "system";

    public const string JourneyBusinessLoan = "business_loan";
    public const string JourneyPersonalLoan = "personal_loan";
    public const string JourneyCreditLine = "credit_line";

    /// <summary>The event types named in the document.</summary>
    public static IReadOnlyList<string> DocumentedEventTypes { get; } =
        [UserCreated, EligibilityCalculated, LoanApproved, LoanSignedAgreementGenerated];
}
