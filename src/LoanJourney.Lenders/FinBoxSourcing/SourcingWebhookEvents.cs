namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>
/// The v1 webhook / user activity vocabulary. The full activity list lives in FinBox's appendix, which is not in our seed: the document
/// itself names <see cref="UserCreated"/>, <see cref="EligibilityCalculated"/>, <see cref="LoanApproved"/> and
/// <see cref="LoanSignedAgreementGenerated"/>; the others are our names for the remaining steps of a loan application. The sandbox emits
/// exactly <see cref="All"/> (docs/lenders.md and docs/sandbox.md show the same list). <see cref="WebhookPayload.EventType"/> stays a
/// string, so an event FinBox adds later still parses.
/// </summary>
public static class SourcingWebhookEvents
{
    public const string UserCreated = "user_created";
    public const string EligibilityCalculated = "eligibility_calculated";
    public const string LoanApplicationCreated = "loan_application_created";
    public const string KycSuccess = "kyc_success";
    public const string BankAdded = "bank_added";
    public const string LoanApproved = "loan_approved";
    public const string LoanSignedAgreementGenerated = "loan_signed_agreement_generated";
    public const string LoanDisbursed = "loan_disbursed";
    public const string LoanRejected = "loan_rejected";

    public const string EntitySourcingEntity = "sourcing_entity";
    public const string EntitySystem = "system";

    public const string JourneyBusinessLoan = "business_loan";
    public const string JourneyPersonalLoan = "personal_loan";
    public const string JourneyCreditLine = "credit_line";

    /// <summary>The event types named in the document.</summary>
    public static IReadOnlyList<string> DocumentedEventTypes { get; } =
        [UserCreated, EligibilityCalculated, LoanApproved, LoanSignedAgreementGenerated];

    /// <summary>Every event type of the contract, in journey order (<see cref="LoanRejected"/> ends a rejected application).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UserCreated, EligibilityCalculated, LoanApplicationCreated, KycSuccess, BankAdded, LoanApproved, LoanSignedAgreementGenerated,
        LoanDisbursed, LoanRejected,
    ];
}
