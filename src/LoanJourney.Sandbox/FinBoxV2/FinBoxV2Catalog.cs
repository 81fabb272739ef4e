using LoanJourney.Sandbox.FinBoxV2.Models;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>The sandbox lender's fixed data: banks, offer slabs, the KYC record it returns, error messages.</summary>
internal static class FinBoxV2Catalog
{
    public const long MaxFileBytes = 5L * 1024 * 1024;

    public const string LenderId = "c1a55e53-4701-49a1-923c-3cf32a66b5ec";

    public static readonly IReadOnlySet<string> Programs = new HashSet<string>(["PERSONAL_LOAN", "EDI"], StringComparer.Ordinal);

    public static readonly IReadOnlyList<Slab> Slabs =
    [
        new(MaxAmount: 100_000, MinAmount: 50_000, Tenure: 8, Interest: 25, Method: "rb", ProcessingFee: 2.75m, ProcessingFeeType: "PERC", Gst: 18),
        new(MaxAmount: 200_000, MinAmount: 100_000, Tenure: 12, Interest: 25, Method: "rb", ProcessingFee: 2.75m, ProcessingFeeType: "PERC", Gst: 18),
    ];

    public static readonly IReadOnlyList<Bank> Banks =
    [
        new("SBI", "State Bank of India", "SBIN", "https://s3.ap-south-1.amazonaws.com/finbox-cdn/bank_logos/sbi_light.png", true, true, false),
        new("ICICI", "ICICI", "ICIC", "https://s3.ap-south-1.amazonaws.com/finbox-cdn/bank_logos/sbi_light.png", true, true, true),
        new("HDFC", "HDFC Bank", "HDFC", "https://s3.ap-south-1.amazonaws.com/finbox-cdn/bank_logos/sbi_light.png", true, true, true),
        new("AXIS", "Axis Bank", "UTIB", "https://s3.ap-south-1.amazonaws.com/finbox-cdn/bank_logos/sbi_light.png", true, false, true),
    ];

    /// <summary>Banking FAILED <c>errorCode</c> → <c>errorMessage</c>, from the documented list.</summary>
    public static readonly IReadOnlyDictionary<string, string> BankingErrors = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["INVALID_BANK_NAME"] = "Invalid bank identifier.",
        ["PDF_IS_IMAGE"] = "Scanned images are not supported",
        ["STATEMENT_DUPLICATE"] = "A duplicate statement has been detected",
        ["EXTERNAL_API_FAILURE"] = "External API failure, please try again later",
    };

    /// <summary>Document types and the multipart field that carries each file.</summary>
    public static readonly IReadOnlyDictionary<string, string> DocumentFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AADHAAR_XML"] = "digilocker_aadhaar_xml",
        ["SELFIE"] = "selfie",
        ["LOAN_AGREEMENT"] = "agreement",
        ["BUSINESS_PROOF_DOC"] = "business_proof_doc",
    };

    /// <summary>
    /// Extraction and name checks complete but the application sits in manual QC: the document's APPROVED answer with
    /// <c>outputVariables.manualReviewRequired</c> true, and the <c>MANUAL_REVIEW_REQUIRED</c> message ("Application is in manual qc").
    /// </summary>
    public static object KycInManualReview() => new
    {
        action = "",
        personalKYC = (object?)null,
        results = new { dobMatch = true, faceLiveliness = true, faceMatch = true, nameMatch = true },
        outputVariables = new { manualReviewRequired = true, udyamStatus = "Y" },
        message = "MANUAL_REVIEW_REQUIRED",
        status = "APPROVED",
    };

    public static object ApprovedKyc() => new
    {
        action = "",
        personalKYC = new[]
        {
            new
            {
                address = new { city = "Bengaluru", country = "INDIA", district = "Bengaluru Urban", landmark = "", line1 = "sandbox line 1", line2 = "sandbox line 2", locality = "Koramangala", pincode = "560095", state = "Karnataka" },
                dob = "1997-11-18",
                gender = "MALE",
                name = "Sandbox Borrower",
                type = "OKYC_DIGILOCKER",
            },
        },
        results = new { dobMatch = true, faceLiveliness = true, faceMatch = true, nameMatch = true },
        outputVariables = new { manualReviewRequired = false, udyamStatus = "Y" },
        status = "APPROVED",
    };
}
