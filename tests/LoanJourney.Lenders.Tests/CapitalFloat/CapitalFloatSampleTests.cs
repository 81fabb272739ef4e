using System.Text.Json;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.Tests.TestSupport;
using static LoanJourney.Lenders.Common.LenderResultKind;
using Ops = LoanJourney.Lenders.CapitalFloat.CapitalFloatOperations;

namespace LoanJourney.Lenders.Tests.CapitalFloat;

/// <summary>
/// Every Capital Float sample, verbatim. Fixes (see Samples/README.md): answers are several objects with <c># comment</c> lines
/// between them (comments dropped, objects read one by one); requests are curl commands (the <c>-d '…'</c> body is used); two
/// request bodies miss a comma after <c>"app_id": "string"</c>. The success <c>status</c> of Resend OTP is the string "1".
/// </summary>
public sealed class CapitalFloatSampleTests
{
    public static TheoryData<string, Type, string?> Requests { get; } = new()
    {
        { "01-block.request.sh", typeof(BlockRequest), null },
        { "03-verify-block.request.sh", typeof(VerifyBlockOtpRequest), null },
        { "05-resend-otp.request.sh", typeof(ResendBlockOtpRequest), "\"app_id\": \"string\"" },
        { "07-tranche.request.sh", typeof(CreateTrancheRequest), "\"app_id\": \"string\"" },
        { "09-cancel.request.sh", typeof(CancelBlockRequest), null },
        { "11-balance.request.sh", typeof(BlockBalanceRequest), null },
        { "13-agent-info.request.sh", typeof(BorrowerDetailsRequest), null },
        { "15-available-limit.request.sh", typeof(AvailableLimitRequest), null },
    };

    public static TheoryData<string, Type, string> Responses { get; } = new()
    {
        { "02-block.responses.json", typeof(BlockResponse), Ops.Block.Name },
        { "04-verify-block.responses.json", typeof(CapitalFloatResponse), Ops.VerifyBlockOtp.Name },
        { "06-resend-otp.responses.json", typeof(CapitalFloatResponse), Ops.ResendBlockOtp.Name },
        { "08-tranche.responses.json", typeof(TrancheResponse), Ops.CreateTranche.Name },
        { "10-cancel.responses.json", typeof(CapitalFloatResponse), Ops.CancelBlock.Name },
        { "12-balance.responses.json", typeof(BlockBalanceResponse), Ops.GetBlockBalance.Name },
        { "14-agent-info.response.json", typeof(BorrowerDetailsResponse), Ops.GetBorrowerDetails.Name },
        { "16-available-limit.responses.json", typeof(AvailableLimitResponse), Ops.GetAvailableLimit.Name },
        { "17-common-errors.responses.json", typeof(CapitalFloatResponse), Ops.CreateTranche.Name },
    };

    /// <summary>The negative codes that are not plain terminal failures, per endpoint (the document's wording decides).</summary>
    private static readonly Dictionary<(string Operation, int Status), LenderResultKind> NotTerminal = new()
    {
        [(Ops.Block.Name, -900)] = Rejected,     // tranche creation suspended for the borrower
        [(Ops.CreateTranche.Name, -3)] = Rejected,  // credit limit exceeding
        [(Ops.CreateTranche.Name, -9)] = Rejected,  // tranche amount exceeding lms limit
        [(Ops.CreateTranche.Name, -10)] = RetryableFailure, // unable to create tranche
        [(Ops.CreateTranche.Name, -23)] = Rejected, // otp not verified
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void RequestSample_RoundTripsWithDocumentedNames(string file, Type type, string? missingCommaAfter)
    {
        var body = Samples.CurlBody(Samples.Read("CapitalFloat/" + file));
        if (missingCommaAfter is not null)
        {
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
            body = Samples.InsertMissingComma(body, missingCommaAfter);
        }

        JsonRoundTrip.Assert(body, type);
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void ResponseSamples_RoundTripAndClassify(string file, Type type, string operation)
    {
        var documents = Samples.JsonDocuments(Samples.Read("CapitalFloat/" + file));
        Assert.NotEmpty(documents);
        foreach (var json in documents)
        {
            var response = (CapitalFloatResponse)JsonRoundTrip.Assert(json, type, numericStringsEqualNumbers: true);
            using var document = JsonDocument.Parse(json);
            var outcome = CapitalFloatClassifier.Instance.Classify(operation, 200, document.RootElement.Clone());
            var expected = response.Status == 1 ? Success : NotTerminal.GetValueOrDefault((operation, response.Status), TerminalFailure);
            Assert.True(expected == outcome.Kind, $"{file} status {response.Status}: expected {expected}, got {outcome.Kind}");
            Assert.Equal(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Code);
        }
    }

    [Fact]
    public void ResendOtpSuccess_StatusSentAsString_ReadsAsOne()
    {
        var success = Samples.JsonDocuments(Samples.Read("CapitalFloat/06-resend-otp.responses.json"))[0];
        Assert.Contains("\"status\": \"1\"", success, StringComparison.Ordinal);
        Assert.Equal(1, JsonSerializer.Deserialize<CapitalFloatResponse>(success, LenderJson.Options)!.Status);
    }

    [Fact]
    public void CommonErrorCodes_AllTwentyFiveAreRead()
    {
        var statuses = Samples.JsonDocuments(Samples.Read("CapitalFloat/17-common-errors.responses.json"))
            .Select(json => JsonSerializer.Deserialize<CapitalFloatResponse>(json, LenderJson.Options)!.Status)
            .ToArray();
        Assert.Equal(Enumerable.Range(1, 25).Select(n => -n), statuses);
    }

    [Fact]
    public void BlockDuplicateOrder_IsTheDocumentedDuplicateAnswer()
    {
        using var document = JsonDocument.Parse("""{"status":-13,"message":"duplicate blocked order"}""");
        Assert.Equal(Success, CapitalFloatClassifier.Instance.Classify(Ops.Block.Name, 200, document.RootElement.Clone()).Kind);
        Assert.Equal(TerminalFailure, CapitalFloatClassifier.Instance.Classify(Ops.CreateTranche.Name, 200, document.RootElement.Clone()).Kind);
    }

    [Fact]
    public void BorrowerDetailsSample_KeepsNumbersAndStringsAsSent()
    {
        var json = Samples.Read("CapitalFloat/14-agent-info.response.json");
        var details = JsonRoundTrip.Assert<BorrowerDetailsResponse>(json);
        var profile = details.Sresp!.AgentProfiles![0];
        Assert.Equal("37.0", profile.PenaltyInterestPa);
        Assert.Equal(716543m, profile.AvailableLimit);
        Assert.Equal("145152.86", profile.DelayedTranches![0].TotalDelinquentAmount);
        Assert.Equal("VACAFLT00000", details.Sresp.CfBankAcctNo);
    }
}
