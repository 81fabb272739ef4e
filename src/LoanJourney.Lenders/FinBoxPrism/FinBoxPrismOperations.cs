using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Every documented Lender Prism v2 endpoint. Paths are relative to <c>base_url</c>; Accept Offer has no <c>v2/</c>, as documented.</summary>
public static class FinBoxPrismOperations
{
    private const string L = LenderNames.FinBoxPrism;

    public static readonly LenderOperation CreateUser = new(L, "FinBoxPrism.CreateUser", "POST", "v2/user/create", true,
        "an existing customer ID continues the journey (CUR-E-002 user exists is a documented duplicate answer)");

    public static readonly LenderOperation UpdateUserDetails = new(L, "FinBoxPrism.UpdateUserDetails", "POST", "v2/user/details/update", true,
        "replaces the customer's details with the same data; repeating it changes nothing");

    public static readonly LenderOperation TriggerBre = new(L, "FinBoxPrism.TriggerBre", "POST", "v2/user/offers", true,
        "FinBox recommends re-triggering BRE on FAILED; a repeat only yields a new reference ID");

    public static readonly LenderOperation GetBre = new(L, "FinBoxPrism.GetBre", "GET", "v2/user/offers", true, "read");

    public static readonly LenderOperation AcceptOffer = new(L, "FinBoxPrism.AcceptOffer", "POST", "user/acceptOffer", false,
        "creates the loan application; no duplicate answer is documented");

    public static readonly LenderOperation GetBankList = new(L, "FinBoxPrism.GetBankList", "GET", "v2/bank/list", true, "read");

    public static readonly LenderOperation TriggerBanking = new(L, "FinBoxPrism.TriggerBanking", "POST", "v2/user/bank/analyse", false,
        "uploads statements; a repeat is answered STATEMENT_DUPLICATE (a rejection), so the workflow decides");

    public static readonly LenderOperation GetBanking = new(L, "FinBoxPrism.GetBanking", "GET", "v2/user/bank/analyse", true, "read");

    public static readonly LenderOperation UploadDocument = new(L, "FinBoxPrism.UploadDocument", "POST", "v2/document/upload", false,
        "stores a lender-side document; no duplicate answer is documented");

    public static readonly LenderOperation TriggerKyc = new(L, "FinBoxPrism.TriggerKyc", "POST", "v2/kyc/ckyc", false,
        "starts CKYC, which sends the borrower an OTP; a repeat would send another");

    public static readonly LenderOperation GetKyc = new(L, "FinBoxPrism.GetKyc", "GET", "v2/kyc/details", true, "read");

    public static readonly LenderOperation TriggerAgreementSigning = new(L, "FinBoxPrism.TriggerAgreementSigning", "POST", "v2/loan/agreement", false,
        "starts a signing; the workflow reconciles with Get Agreement Signing before sending again")
    {
        DuplicateAnswer = FinBoxPrismCodes.RequestAlreadyReported,
    };

    public static readonly LenderOperation GetAgreementSigning = new(L, "FinBoxPrism.GetAgreementSigning", "GET", "v2/loan/agreement", true, "read");

    public static readonly LenderOperation TriggerDisbursal = new(L, "FinBoxPrism.TriggerDisbursal", "POST", "v2/loan/disburse", false,
        "moves money; the workflow reconciles with Get Disbursal Status before sending again")
    {
        DuplicateAnswer = FinBoxPrismCodes.RequestAlreadyReported,
    };

    public static readonly LenderOperation GetDisbursal = new(L, "FinBoxPrism.GetDisbursal", "GET", "v2/loan/disburse", true, "read");

    public static readonly LenderOperation CreateSession = new(L, "FinBoxPrism.CreateSession", "POST", "v2/user/session", true,
        "returns a URL for the borrower; a repeat only returns another URL");

    /// <summary>All operations, for documentation and tests.</summary>
    public static IReadOnlyList<LenderOperation> All { get; } =
    [
        CreateUser, UpdateUserDetails, TriggerBre, GetBre, AcceptOffer, GetBankList, TriggerBanking, GetBanking, UploadDocument,
        TriggerKyc, GetKyc, TriggerAgreementSigning, GetAgreementSigning, TriggerDisbursal, GetDisbursal, CreateSession,
    ];
}
