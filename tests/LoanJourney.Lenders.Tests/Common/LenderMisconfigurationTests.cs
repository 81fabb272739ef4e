using System.Text.Json;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.Tests.FinBoxSourcing;
using CfOps = LoanJourney.Lenders.CapitalFloat.CapitalFloatOperations;
using PrismOps = LoanJourney.Lenders.FinBoxPrism.FinBoxPrismOperations;
using SourcingOps = LoanJourney.Lenders.FinBoxSourcing.FinBoxSourcingOperations;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>
/// Which answers say our configuration is wrong (the setting named), per lender from its documents: the credential refused (401,
/// FinBox Prism's FBX-E-005, Capital Float's -200, a 403 where the lender uses none for its own errors), or a 404/405 that is not
/// the lender's own answer (no envelope: the BaseUrl). Never a business answer, never a documented 403/404 of FinBox v1.
/// </summary>
public sealed class LenderMisconfigurationTests
{
    private const string NoBody = "";

    public static TheoryData<string, string, int, string, string?> Answers { get; } = new()
    {
        { LenderNames.FinBoxPrism, PrismOps.CreateUser.Name, 401, """{"data":{},"error":"unauthorised request","statusCode":"FBX-E-005"}""", "ApiKey" },
        { LenderNames.FinBoxPrism, PrismOps.CreateUser.Name, 200, """{"data":{},"error":"unauthorised request","statusCode":"FBX-E-005"}""", "ApiKey" },
        { LenderNames.FinBoxPrism, PrismOps.CreateUser.Name, 403, NoBody, "ApiKey" },
        { LenderNames.FinBoxPrism, PrismOps.TriggerBre.Name, 403, """{"message":"Forbidden"}""", "ApiKey" },
        { LenderNames.FinBoxPrism, PrismOps.CreateUser.Name, 404, NoBody, "BaseUrl" },
        { LenderNames.FinBoxPrism, PrismOps.GetBre.Name, 405, "<html>405 Not Allowed</html>", "BaseUrl" },
        { LenderNames.FinBoxPrism, PrismOps.GetBre.Name, 404, """{"timestamp":"2026-12-07T10:00:00Z","status":404,"error":"Not Found","path":"/v2/user/offers"}""", "BaseUrl" },

        // Prism's own answers: "user not found" in its envelope is its word, whatever the HTTP status; a disqualified user is a rejection.
        { LenderNames.FinBoxPrism, PrismOps.TriggerBanking.Name, 404, """{"data":{},"error":"user not found","statusCode":"FBX-E-006"}""", null },
        { LenderNames.FinBoxPrism, PrismOps.TriggerBre.Name, 403, """{"data":{},"error":"user disqualified","statusCode":"FBX-E-011"}""", null },
        { LenderNames.FinBoxPrism, PrismOps.GetBre.Name, 200, """{"data":{"status":"REJECTED"},"error":"","statusCode":"GEO-S-002"}""", null },
        { LenderNames.FinBoxPrism, PrismOps.CreateUser.Name, 400, """{"data":{},"error":"invalid mobile","statusCode":"CUR-E-001"}""", null },
        { LenderNames.FinBoxPrism, PrismOps.CreateUser.Name, 500, NoBody, null },

        { LenderNames.FinBoxSourcing, SourcingOps.GetUserProfile.Name, 401, """{"data":{},"error":"unauthorised request","status":false}""", "ApiKey" },
        { LenderNames.FinBoxSourcing, SourcingOps.CreateUser.Name, 401, NoBody, "ApiKey" },
        { LenderNames.FinBoxSourcing, SourcingOps.CreateUser.Name, 403, """{"message":"Forbidden"}""", "ApiKey" }, // a gateway's, not v1's envelope
        { LenderNames.FinBoxSourcing, SourcingOps.GenerateToken.Name, 404, "<html>404 page not found</html>", "BaseUrl" },
        { LenderNames.FinBoxSourcing, SourcingOps.Repay.Name, 405, NoBody, "BaseUrl" },
        { LenderNames.FinBoxSourcing, SourcingOps.GetLoanDetails.Name, 404, """{"type":"about:blank","title":"Not Found","status":404}""", "BaseUrl" },

        // v1's own 403s and 404s (its envelope): validation, not eligible, not found. Never our configuration.
        { LenderNames.FinBoxSourcing, SourcingOps.CreateUser.Name, 403, """{"data":{},"error":"Missing customerID","status":false}""", null },
        { LenderNames.FinBoxSourcing, SourcingOps.GenerateToken.Name, 403, """{"data":{},"error":"User not eligible for loan","status":false}""", null },
        { LenderNames.FinBoxSourcing, SourcingOps.GenerateToken.Name, 404, """{"data":{},"error":"User does not exist","status":false}""", null },
        { LenderNames.FinBoxSourcing, SourcingOps.Repay.Name, 403, """{"data":{},"error":"Repay Loan is disabled","status":false}""", null },
        { LenderNames.FinBoxSourcing, SourcingOps.Repay.Name, 404, """{"data":{},"error":"Loan application not found","status":false}""", null },

        { LenderNames.CapitalFloat, CfOps.GetAvailableLimit.Name, 401, """{"status":-200,"message":"No partner found for current user"}""", "Authorization" },
        { LenderNames.CapitalFloat, CfOps.Block.Name, 200, """{"status":-200,"message":"No partner found for current user"}""", "Authorization" },
        { LenderNames.CapitalFloat, CfOps.GetBorrowerDetails.Name, 200, """{"status":"-200","message":"No partner found for current user"}""", "Authorization" },
        { LenderNames.CapitalFloat, CfOps.CreateTranche.Name, 403, NoBody, "Authorization" },
        { LenderNames.CapitalFloat, CfOps.Block.Name, 404, NoBody, "BaseUrl" },
        { LenderNames.CapitalFloat, CfOps.VerifyBlockOtp.Name, 405, "<html>405</html>", "BaseUrl" },
        { LenderNames.CapitalFloat, CfOps.GetBlockBalance.Name, 404, """{"timestamp":"2026-12-07T10:00:00Z","status":404,"error":"Not Found","path":"/paylater/balance"}""", "BaseUrl" },

        // Capital Float's own answers about the borrower or the app: its word, whatever the HTTP status.
        { LenderNames.CapitalFloat, CfOps.Block.Name, 403, """{"status":-900,"message":"Tranche creation has been suspended for the borrower"}""", null },
        { LenderNames.CapitalFloat, CfOps.VerifyBlockOtp.Name, 200, """{"status":-23,"message":"otp not verified"}""", null },
        { LenderNames.CapitalFloat, CfOps.GetAvailableLimit.Name, 200, """{"status":-300,"message":"App not found"}""", null },
        { LenderNames.CapitalFloat, CfOps.Block.Name, 404, """{"status":-400,"message":"App not found"}""", null },
        { LenderNames.CapitalFloat, CfOps.CreateTranche.Name, 200, """{"status":-3,"message":"sanction credit limit is exceeding"}""", null },
        { LenderNames.CapitalFloat, CfOps.CreateTranche.Name, 503, NoBody, null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Classify_AnswerSaysWhetherOurSettingIsWrong(string lender, string operation, int http, string body, string? setting)
    {
        ILenderClassifier classifier = lender switch
        {
            LenderNames.FinBoxPrism => FinBoxPrismClassifier.Instance,
            LenderNames.FinBoxSourcing => FinBoxSourcingClassifier.Instance,
            _ => CapitalFloatClassifier.Instance,
        };

        Assert.Equal(setting, classifier.Classify(operation, http, Parse(body)).OurSetting);
    }

    [Theory]
    [MemberData(nameof(SourcingClassificationTests.DocumentedErrorCases), MemberType = typeof(SourcingClassificationTests))]
    public void Sourcing_EveryDocumentedErrorCase_IsTheLendersWord_NotOurConfiguration(string operation, int http, string error, LenderResultKind kind)
    {
        var outcome = FinBoxSourcingClassifier.Instance.Classify(operation, http, Parse($$"""{"data":{},"error":"{{error}}","status":false}"""));
        Assert.Null(outcome.OurSetting);
        Assert.Equal(kind, outcome.Kind);
    }

    // The rule the three share: a business answer is never our configuration, whatever the status says.
    [Theory]
    [InlineData(LenderResultKind.Rejected)]
    [InlineData(LenderResultKind.Success)]
    [InlineData(LenderResultKind.Processing)]
    public void Setting_BusinessAnswer_IsNeverOurConfiguration(LenderResultKind kind) =>
        Assert.Null(LenderMisconfiguration.Setting(401, kind, credentialsRefused: true, lendersOwnAnswer: false, LenderMisconfiguration.ApiKey));

    private static JsonElement? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

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
