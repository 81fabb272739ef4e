namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// The v1 webhook / user activity event types the sandbox emits. The seed names user_created, eligibility_calculated, loan_approved and
/// loan_signed_agreement_generated (its appendix with the full list is not part of it); the others are the contract's names for the
/// remaining steps. docs/sandbox.md and docs/lenders.md list the same names as the client's SourcingWebhookEvents.
/// </summary>
internal static class V1EventTypes
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
}
