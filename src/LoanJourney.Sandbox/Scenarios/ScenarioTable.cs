using LoanJourney.Sandbox.FinBoxV1;

namespace LoanJourney.Sandbox.Scenarios;

/// <summary>
/// The scenario table, keyed by the last four digits of the borrower's mobile number (FinBox v1/v2, handshake
/// <c>customer_attrs.phone</c>) or of the Capital Float <c>app_id</c>. docs/sandbox.md shows the same table.
/// </summary>
internal static class ScenarioTable
{
    public static readonly IReadOnlyList<V1JourneyStep> V1Disbursed =
    [
        new("CREATED", V1EventTypes.LoanApplicationCreated),
        new("KYC_SUCCESS", V1EventTypes.KycSuccess),
        new("BANK_ADDED", V1EventTypes.BankAdded),
        new("APPROVED", V1EventTypes.LoanApproved),
        new("SIGNED", V1EventTypes.LoanSignedAgreementGenerated),
        new("DISBURSED", V1EventTypes.LoanDisbursed),
    ];

    public static readonly IReadOnlyList<V1JourneyStep> V1Rejected =
    [
        new("CREATED", V1EventTypes.LoanApplicationCreated),
        new("REJECTED", V1EventTypes.LoanRejected, """{"reason":"LENDER_POLICY_REJECT"}"""),
    ];

    /// <summary>
    /// Stands in a description for how many status polls KYC is held (<see cref="SandboxOptions.KycActionPendingPolls"/>):
    /// <see cref="SandboxScenarios"/> writes the number the sandbox runs with there (walk 52: a test run's table said "for
    /// KycActionPendingPolls polls", the option's name, to an author who had never seen the sandbox's settings).
    /// </summary>
    public const string KycHoldPolls = "{KycActionPendingPolls}";

    public static readonly Scenario HappyPath = new("*", "happy path: every step succeeds");

    public static readonly IReadOnlyList<Scenario> Rows =
    [
        new("0000", "BRE rejected (PRE_BRE_REJECT); v1 not eligible") { Bre = OperationScript.Always("REJECTED", "PRE_BRE_REJECT"), V1EligibleAmount = 0m },
        new("0001", "BRE FAILED on the first trigger, SUCCESS on re-trigger") { Bre = OperationScript.FirstThen(new("FAILED"), new("SUCCESS")) },
        new("0002", $"KYC ACTION_PENDING (SUBMIT_CKYC_OTP) for {KycHoldPolls}, then APPROVED") { Kyc = new([new("APPROVED", ActionPending: true)]) },
        new("0003", "banking FAILED (PDF_IS_IMAGE) on the first statement, SUCCESS on re-upload") { Banking = OperationScript.FirstThen(new("FAILED", "PDF_IS_IMAGE"), new("SUCCESS")) },
        new("0004", "KYC REJECTED (NAME_MISMATCH)") { Kyc = OperationScript.Always("REJECTED", "NAME_MISMATCH") },
        new("0005", "agreement REJECTED") { Agreement = OperationScript.Always("REJECTED") },
        new("0006", "v1 application rejected after creation (loan_rejected webhook)") { V1Journey = V1Rejected },
        new("0007", "KYC FAILED (CKYC_FAILED) on the first trigger, APPROVED on re-trigger") { Kyc = OperationScript.FirstThen(new("FAILED", "CKYC_FAILED"), new("APPROVED")) },
        new("0008", "agreement FAILED on the first trigger, SUCCESS on re-trigger") { Agreement = OperationScript.FirstThen(new("FAILED"), new("SUCCESS")) },
        new("0009", "v1 eligibility data missing (409)") { V1HasEligibilityData = false },
        new("0010", "partner handshake answers async (status \"2\"), result POSTed to the callback") { Handshake = HandshakeMode.Async },
        new("0011", "partner handshake error (status \"-2\")") { Handshake = HandshakeMode.Error },
        new("0012", "partner handshake async, error result POSTed to the callback") { Handshake = HandshakeMode.AsyncError },
        new("0013", "BRE rejected by the lender (LENDER_BRE_REJECT)") { Bre = OperationScript.Always("REJECTED", "LENDER_BRE_REJECT") },
        new("0014", $"KYC in manual review (manualReviewRequired, MANUAL_REVIEW_REQUIRED) for {KycHoldPolls}, then APPROVED") { Kyc = new([new("APPROVED", ManualReview: true)]) },
        new("0015", $"KYC in manual review for {KycHoldPolls}, then REJECTED (MANUAL_KYC_REJECT)") { Kyc = new([new("REJECTED", "MANUAL_KYC_REJECT", ManualReview: true)]) },
        // The Capital Float rows also say how the shipped pay-later journey (workflows/capitalfloat-paylater.json, v3: limit check,
        // then block) ends in them: a draft test run shows these descriptions beside its results (DraftTestRunTests runs them).
        new("0020", "Capital Float block refused, tranche creation suspended (-900): pay-later passes the limit check, is refused at block and ends Rejected")
        {
            BlockError = new(-900, "Tranche creation has been suspended for the borrower. Please consult Capital Float"),
        },
        new("0021", "Capital Float credit limit 10000 (a larger block is refused, -3): pay-later for more than 10000 ends LimitExceeded at the limit check, no block sent")
        {
            CreditLimit = 10_000m,
        },
        new("0022", "Capital Float app not found (-300 on profile_available_limit and agent_info, -400 on block): pay-later stops at limit with an incident (-300), no block sent")
        {
            BlockError = new(-400, "App not found"),
        },
        new("0023", "Capital Float sanction on hold (agent_info isActive false, isOnHold \"On Hold\", onHoldReason \"NACH bounce\"; a block is refused, -900): pay-later ends Rejected at the limit check, no block sent")
        {
            OnHoldReason = "NACH bounce",
            BlockError = new(-900, "Tranche creation has been suspended for the borrower. Please consult Capital Float"),
        },
        new("0024", "Capital Float available limit unanswerable (-700 on profile_available_limit): pay-later stops at limit with an incident (-700), no block sent")
        {
            AvailableLimitError = new(-700, "The request could not be processed. Please consult Capital Float"),
        },
        new("0030", "v1 credit-line customer: ACTIVE credit line, limit 100000 (journeyType credit_line)") { V1CreditLine = new(100_000m) },
        new("0031", "v1 credit-line customer: INACTIVE credit line, limit 50000 (new transactions refused)") { V1CreditLine = new(50_000m, "credit line blocked by lender") },
        new("0032", "v1 Repay Loan disabled (the documented default): 403 \"API disabled\"") { V1RepayDisabled = true },
    ];

    private static readonly Dictionary<string, Scenario> ByKey = Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);

    /// <summary>The scenario for an identifier: its last four characters pick the row, anything else is the happy path.</summary>
    public static Scenario For(string? identifier) =>
        identifier is { Length: >= 4 } && ByKey.TryGetValue(identifier[^4..], out var row) ? row : HappyPath;
}
