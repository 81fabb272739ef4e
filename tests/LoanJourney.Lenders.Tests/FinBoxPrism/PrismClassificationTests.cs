using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.FinBoxPrism;

public sealed class PrismClassificationTests
{
    /// <summary>Every status code the Prism document lists, with the kind the journey needs.</summary>
    public static TheoryData<string, LenderResultKind> DocumentedCodes { get; } = new()
    {
        { "CUR-S-000", Success }, { "CUR-E-001", TerminalFailure }, { "CUR-E-002", Success },
        { "UUD-S-000", Success }, { "UUD-E-000", TerminalFailure }, { "UUD-E-001", RetryableFailure }, { "UUD-E-002", TerminalFailure },
        { "GNO-S-000", Success }, { "GNO-E-002", TerminalFailure },
        { "GEO-S-000", Success }, { "GEO-S-001", Processing }, { "GEO-S-002", Rejected }, { "GEO-S-003", RetryableFailure },
        { "AOP-S-000", Success }, { "AOP-E-002", TerminalFailure }, { "AOP-E-003", TerminalFailure },
        { "BANK-TBN-S-000", Success }, { "BANK-GBR-S-000", Success }, { "BANK-GBR-S-001", Processing }, { "BANK-GBR-S-002", Rejected },
        { "BANK-GBL-S-000", Success },
        { "TCK-S-000", Success }, { "GKD-S-000", Success }, { "GKD-S-001", Processing }, { "GKD-E-000", TerminalFailure },
        { "TAS-S-000", Success }, { "TAS-E-001", TerminalFailure }, { "GAS-S-000", Success },
        { "TDB-S-200", Success }, { "GDB-S-200", Success }, { "PSS-S-000", Success }, { PrismDocumentTypes.UploadSuccessCode, Success },
        { "FBX-E-000", TerminalFailure }, { "FBX-E-001", TerminalFailure }, { "FBX-E-002", RetryableFailure }, { "FBX-E-003", RetryableFailure },
        { "FBX-E-004", RetryableFailure }, { "FBX-E-005", TerminalFailure }, { "FBX-E-006", TerminalFailure }, { "FBX-E-007", TerminalFailure },
        { "FBX-E-008", TerminalFailure }, { "FBX-E-009", TerminalFailure }, { "FBX-E-010", TerminalFailure }, { "FBX-E-011", Rejected },
        { "FBX-E-012", RetryableFailure }, { "FBX-E-013", TerminalFailure }, { "FBX-E-014", TerminalFailure }, { "FBX-S-208", Success },
    };

    public static TheoryData<string, string, LenderResultKind> KycStatuses { get; } = new()
    {
        { "GKD-S-000", PrismStatuses.Approved, Success },
        { "GKD-S-001", PrismStatuses.Processing, Processing },
        { "GKD-S-001", PrismStatuses.ActionPending, Processing },
        { "GKD-S-000", "CONTIONAL_SUCCESS", Success },
        { "GKD-S-000", PrismStatuses.Rejected, Rejected },
        { "GKD-S-000", PrismStatuses.SoftRejected, Rejected },
        { "GKD-E-000", PrismStatuses.Failed, TerminalFailure },
    };

    public static TheoryData<string, LenderResultKind> BankingErrors { get; } = new()
    {
        { "INVALID_DATE_FORMAT", TerminalFailure }, { "INVALID_DATE_RANGE", TerminalFailure }, { "MISSING_DATE_FIELD", TerminalFailure },
        { "INVALID_BANK_NAME", TerminalFailure }, { "MISSING_BANK_NAME", TerminalFailure }, { "MODE_NOT_AVAILABLE", Rejected },
        { "MODE_NOT_ENABLED", TerminalFailure }, { "TRIAL_PERIOD_EXPIRED", TerminalFailure }, { "INVALID_FILE_OBJECT", TerminalFailure },
        { "PDF_IS_IMAGE", Rejected }, { "BANK_NAME_MISMATCH", Rejected }, { "OUT_OF_DATE_RANGE", Rejected },
        { "STATEMENT_DUPLICATE", Rejected }, { "EXTERNAL_API_FAILURE", RetryableFailure }, { "VALIDATION_ERROR", Rejected }, { "FRAUD", Rejected },
    };

    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public void Classify_DocumentedStatusCode_MapsToKind(string code, LenderResultKind expected)
    {
        var outcome = Classify(FinBoxPrismOperations.CreateUser.Name, 200, $$"""{"data":{},"error":"","statusCode":"{{code}}"}""");
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
    }

    [Fact]
    public void Classify_EveryTableCodeIsCoveredByThisTest()
    {
        var tested = DocumentedCodes.Select(row => (string)row[0]).ToHashSet();
        Assert.All(FinBoxPrismCodes.StatusCodes.Rules, rule => Assert.Contains(rule.Code, tested));
    }

    [Theory]
    [MemberData(nameof(KycStatuses))]
    public void Classify_KycDataStatus_RefinesTheCode(string code, string status, LenderResultKind expected) =>
        Assert.Equal(expected, Classify(FinBoxPrismOperations.GetKyc.Name, 200,
            $$"""{"data":{"action":"","status":"{{status}}"},"error":"","statusCode":"{{code}}"}""").Kind);

    [Theory]
    [MemberData(nameof(BankingErrors))]
    public void Classify_BankingFailedErrorCode_MapsToKind(string errorCode, LenderResultKind expected)
    {
        var outcome = Classify(FinBoxPrismOperations.GetBanking.Name, 200,
            $$"""{"data":{"bankingDetails":{"errorCode":"{{errorCode}}","errorMessage":"m"},"status":"FAILED"},"error":"","statusCode":"BANK-GBR-S-002"}""");
        Assert.Equal(expected, outcome.Kind);
        Assert.StartsWith(errorCode, outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, RetryableFailure)]
    [InlineData(429, RetryableFailure)]
    [InlineData(401, TerminalFailure)]
    public void Classify_NoStatusCode_FallsBackToHttpStatus(int http, LenderResultKind expected)
    {
        var outcome = Classify(FinBoxPrismOperations.GetBre.Name, http, "oops");
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal($"HTTP {http}", outcome.Code);
    }

    [Fact]
    public void Classify_RejectedBre_CarriesTheRejectionReason()
    {
        var outcome = Classify(FinBoxPrismOperations.GetBre.Name, 200,
            """{"data":{"rejectionReason":"PRE_BRE_REJECT","status":"REJECTED"},"error":"","statusCode":"GEO-S-002"}""");
        Assert.Equal(Rejected, outcome.Kind);
        Assert.Equal("PRE_BRE_REJECT", outcome.Message);
    }

    private static LenderOutcome Classify(string operation, int http, string body) =>
        FinBoxPrismClassifier.Instance.Classify(operation, http, LenderStatusCodeTestParse(body));

    private static JsonElement? LenderStatusCodeTestParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
