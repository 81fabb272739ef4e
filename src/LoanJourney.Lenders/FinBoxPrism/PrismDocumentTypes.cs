namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Document Upload <c>documentType</c> values and, as data, the multipart field that carries each file.</summary>
public static class PrismDocumentTypes
{
    /// <summary>The Document Upload answer's <c>statusCode</c>. The seed documents no answer for this endpoint: this code is our
    /// contract decision (docs/lenders.md, "Contract decisions"), answered by the sandbox in the usual envelope.</summary>
    public const string UploadSuccessCode = "UDC-S-000";

    public const string AadhaarXml = "AADHAAR_XML";
    public const string Selfie = "SELFIE";
    public const string LoanAgreement = "LOAN_AGREEMENT";
    public const string BusinessProof = "BUSINESS_PROOF_DOC";

    /// <summary>documentType → file field name, as in the four documented request types.</summary>
    public static IReadOnlyDictionary<string, string> FileField { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AadhaarXml] = "digilocker_aadhaar_xml",
        [Selfie] = "selfie",
        [LoanAgreement] = "agreement",
        [BusinessProof] = "business_proof_doc",
    };
}
