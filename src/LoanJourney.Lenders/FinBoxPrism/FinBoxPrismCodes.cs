using LoanJourney.Lenders.Common;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Lender Prism v2 classification tables: every documented <c>statusCode</c>, <c>data.status</c> and banking <c>errorCode</c>.</summary>
public static class FinBoxPrismCodes
{
    /// <summary>"Request Already Reported": the generic code for a repeated request FinBox already took (Generic Status Codes).</summary>
    public const string RequestAlreadyReported = "FBX-S-208";

    /// <summary>"Unauthorised Request" (Generic Status Codes): FinBox refuses our <c>x-api-key</c>, <c>Lenders:FinBoxPrism:ApiKey</c>.</summary>
    public const string UnauthorisedRequest = "FBX-E-005";

    /// <summary>
    /// Failure codes that do not say whether the request took effect: "Internal Issues", "Timed Out", "Lender API Failure"
    /// (the lender's own partner failed, possibly after FinBox acted). For a money trigger the outcome is unknown, as if
    /// no answer had come (<c>MoneyCall.LeavesOutcomeOpen</c>).
    /// </summary>
    public static IReadOnlySet<string> OutcomeOpenCodes { get; } = System.Collections.Frozen.FrozenSet.ToFrozenSet(["FBX-E-002", "FBX-E-003", "FBX-E-012"], StringComparer.Ordinal);

    private const string Any = LenderCodeRule.AnyOperation;

    /// <summary><c>statusCode</c> (or <c>status</c> of the Session API) → kind.</summary>
    public static LenderCodeTable StatusCodes { get; } = new(
    [
        new(Any, "CUR-S-000", Success, "Create User Success"),
        new(Any, "CUR-E-001", TerminalFailure, "Invalid Mobile No"),
        new(Any, "CUR-E-002", Success, "User Exists: the journey continues from its stage (documented duplicate answer)"),
        new(Any, "UUD-S-000", Success, "Update User Details Success"),
        new(Any, "UUD-E-000", TerminalFailure, "Invalid Payload"),
        new(Any, "UUD-E-001", RetryableFailure, "Error Processing Request"),
        new(Any, "UUD-E-002", TerminalFailure, "Validation Error"),
        new(Any, "GNO-S-000", Success, "Generate Offers Success (poll Get BRE with the reference ID)"),
        new(Any, "GNO-E-002", TerminalFailure, "Invalid Policy ID"),
        new(Any, "GEO-S-000", Success, "Get Offers Success Status"),
        new(Any, "GEO-S-001", Processing, "Get Offers Processing Status: poll every 5-10 s"),
        new(Any, "GEO-S-002", Rejected, "Get Offers Rejected Status"),
        new(Any, "GEO-S-003", RetryableFailure, "Get Offers Failed Status: re-trigger BRE 2-3 times at 30 s"),
        new(Any, "AOP-S-000", Success, "Accept Offer Success"),
        new(Any, "AOP-E-002", TerminalFailure, "Invalid Offer ID"),
        new(Any, "AOP-E-003", TerminalFailure, "Invalid Input"),
        new(Any, "BANK-TBN-S-000", Success, "Trigger Banking Success"),
        new(Any, "BANK-GBR-S-000", Success, "Get Banking Success"),
        new(Any, "BANK-GBR-S-001", Processing, "Get Banking Processing: poll every 5-10 s"),
        new(Any, "BANK-GBR-S-002", Rejected, "Get Banking Failed: re-trigger banking with correct details (refined by errorCode)"),
        new(Any, "BANK-GBL-S-000", Success, "Get Bank List Success"),
        new(Any, "TCK-S-000", Success, "Trigger KYC Success"),
        new(Any, "GKD-S-000", Success, "Get KYC Details Success (refined by data.status)"),
        new(Any, "GKD-S-001", Processing, "Get KYC Details pending (refined by data.status and data.action)"),
        new(Any, "GKD-E-000", TerminalFailure, "KYC Failed"),
        new(Any, "TAS-S-000", Success, "Trigger Agreement Signing Success"),
        new(Any, "TAS-E-001", TerminalFailure, "Agreement document not found (upload it first)"),
        new(Any, "GAS-S-000", Success, "Get Agreement Signing answered (refined by data.status)"),
        new(Any, "TDB-S-200", Success, "Trigger Disbursal Success"),
        new(Any, "GDB-S-200", Success, "Get Disbursal Status answered (refined by data.status)"),
        new(Any, "PSS-S-000", Success, "Session URL created"),
        new(Any, PrismDocumentTypes.UploadSuccessCode, Success, "Document uploaded (the seed documents no answer; the sandbox answers the same)"),
        new(Any, "FBX-E-000", TerminalFailure, "Generic Failure"),
        new(Any, "FBX-E-001", TerminalFailure, "Request Validation Failed"),
        new(Any, "FBX-E-002", RetryableFailure, "Internal Issues"),
        new(Any, "FBX-E-003", RetryableFailure, "Timed Out"),
        new(Any, "FBX-E-004", RetryableFailure, "Too Many Requests"),
        new(Any, UnauthorisedRequest, TerminalFailure, "Unauthorised Request: our x-api-key is refused (a LenderApiMisconfigured incident)"),
        new(Any, "FBX-E-006", TerminalFailure, "User Not Found"),
        new(Any, "FBX-E-007", TerminalFailure, "Invalid Program"),
        new(Any, "FBX-E-008", TerminalFailure, "Invalid Reference ID"),
        new(Any, "FBX-E-009", TerminalFailure, "Missing Required Key"),
        new(Any, "FBX-E-010", TerminalFailure, "Invalid User State"),
        new(Any, "FBX-E-011", Rejected, "User Disqualified"),
        new(Any, "FBX-E-012", RetryableFailure, "Lender API Failure"),
        new(Any, "FBX-E-013", TerminalFailure, "Invalid File"),
        new(Any, "FBX-E-014", TerminalFailure, "Customer ID Required"),
        new(Any, RequestAlreadyReported, Success, "Request Already Reported (documented duplicate answer)"),
    ]);

    /// <summary><c>data.status</c> → kind, per polling operation; applied when the status code itself means success or pending.</summary>
    public static LenderCodeTable DataStatuses { get; } = new(
    [
        new(FinBoxPrismOperations.GetBre.Name, PrismStatuses.Success, Success, "Offer is generated"),
        new(FinBoxPrismOperations.GetBre.Name, PrismStatuses.Processing, Processing, "Poll every 5-10 s"),
        new(FinBoxPrismOperations.GetBre.Name, PrismStatuses.Rejected, Rejected, "PRE_BRE_REJECT or LENDER_BRE_REJECT"),
        new(FinBoxPrismOperations.GetBre.Name, PrismStatuses.Failed, RetryableFailure, "Technical issue or timeout: re-trigger BRE"),
        new(FinBoxPrismOperations.GetBanking.Name, PrismStatuses.Success, Success, "Banking flow completed"),
        new(FinBoxPrismOperations.GetBanking.Name, PrismStatuses.Processing, Processing, "Poll every 5-10 s"),
        new(FinBoxPrismOperations.GetBanking.Name, PrismStatuses.Failed, Rejected, "Re-trigger banking with correct details (refined by errorCode)"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.Approved, Success, "KYC approved"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.ConditionalSuccess, Success, "Conditional success (spelled CONTIONAL_SUCCESS by FinBox)"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.Processing, Processing, "Extraction or selfie verification ongoing"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.ActionPending, Processing, "Waiting for the borrower: see data.action (e.g. SUBMIT_CKYC_OTP)"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.Rejected, Rejected, "KYC rejected"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.SoftRejected, Rejected, "KYC soft-rejected"),
        new(FinBoxPrismOperations.GetKyc.Name, PrismStatuses.Failed, TerminalFailure, "KYC failed"),
        new(FinBoxPrismOperations.GetAgreementSigning.Name, PrismStatuses.Success, Success, "Agreement signed"),
        new(FinBoxPrismOperations.GetAgreementSigning.Name, PrismStatuses.Processing, Processing, "Signing ongoing"),
        new(FinBoxPrismOperations.GetAgreementSigning.Name, PrismStatuses.Rejected, Rejected, "Signing rejected"),
        new(FinBoxPrismOperations.GetAgreementSigning.Name, PrismStatuses.Failed, RetryableFailure, "Signing failed: the workflow may re-trigger"),
        new(FinBoxPrismOperations.GetDisbursal.Name, PrismStatuses.Success, Success, "Disbursed"),
        new(FinBoxPrismOperations.GetDisbursal.Name, PrismStatuses.Processing, Processing, "Disbursal ongoing"),
        new(FinBoxPrismOperations.GetDisbursal.Name, PrismStatuses.Failed, TerminalFailure, "Disbursal failed (not documented; an operator decides)"),
    ]);

    /// <summary>Get Banking <c>errorCode</c> of a FAILED answer → kind.</summary>
    public static LenderCodeTable BankingErrors { get; } = new(
    [
        new(Any, "INVALID_DATE_FORMAT", TerminalFailure, "Invalid 'from_date' or 'to_date' format"),
        new(Any, "INVALID_DATE_RANGE", TerminalFailure, "from_date can't be greater or equal to to_date"),
        new(Any, "MISSING_DATE_FIELD", TerminalFailure, "from_date and to_date are required"),
        new(Any, "INVALID_BANK_NAME", TerminalFailure, "Invalid bank identifier"),
        new(Any, "MISSING_BANK_NAME", TerminalFailure, "bank_name is required with mode"),
        new(Any, "MODE_NOT_AVAILABLE", Rejected, "Mode not available for this bank: the borrower chooses another way"),
        new(Any, "MODE_NOT_ENABLED", TerminalFailure, "Mode not enabled: contact FinBox admin"),
        new(Any, "TRIAL_PERIOD_EXPIRED", TerminalFailure, "Trial period expired"),
        new(Any, "INVALID_FILE_OBJECT", TerminalFailure, "files must be a form field"),
        new(Any, "PDF_IS_IMAGE", Rejected, "Scanned images are not supported: the borrower re-uploads"),
        new(Any, "BANK_NAME_MISMATCH", Rejected, "Not the selected bank's statement"),
        new(Any, "OUT_OF_DATE_RANGE", Rejected, "No transactions in expected date range"),
        new(Any, "STATEMENT_DUPLICATE", Rejected, "Duplicate statement"),
        new(Any, "EXTERNAL_API_FAILURE", RetryableFailure, "External API failure, try again later"),
        new(Any, "VALIDATION_ERROR", Rejected, "Savings account statement not used"),
        new(Any, "FRAUD", Rejected, "Issue detected with the statement: use Account Aggregator or net banking"),
    ]);
}
