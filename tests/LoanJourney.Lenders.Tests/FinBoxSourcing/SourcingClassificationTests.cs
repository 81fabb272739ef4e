using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;
using static LoanJourney.Lenders.Common.LenderResultKind;
using Ops = LoanJourney.Lenders.FinBoxSourcing.FinBoxSourcingOperations;

namespace LoanJourney.Lenders.Tests.FinBoxSourcing;

public sealed class SourcingClassificationTests
{
    /// <summary>Every error case in the v1 document: (endpoint, HTTP code, message) → kind.</summary>
    public static TheoryData<string, int, string, LenderResultKind> DocumentedErrorCases { get; } = new()
    {
        { Ops.CreateUser.Name, 403, "Missing customerID", TerminalFailure },
        { Ops.CreateUser.Name, 403, "Invalid mobile number", TerminalFailure },
        { Ops.CreateUser.Name, 409, "User already exists", Success },
        { Ops.GetEligibility.Name, 403, "Missing customerID", TerminalFailure },
        { Ops.GetEligibility.Name, 400, "User not found", TerminalFailure },
        { Ops.GetEligibility.Name, 409, "User does not have eligibility data", Processing },
        { Ops.GenerateToken.Name, 403, "Missing customerID", TerminalFailure },
        { Ops.GenerateToken.Name, 404, "User does not exist", TerminalFailure },
        { Ops.GenerateToken.Name, 400, "User eligibility not available", Processing },
        { Ops.GenerateToken.Name, 403, "User not eligible for loan", Rejected },
        { Ops.PushPartnerData.Name, 403, "Missing customerID", TerminalFailure },
        { Ops.PushPartnerData.Name, 400, "request validation failed", TerminalFailure },
        { Ops.PushPartnerData.Name, 404, "User not found", TerminalFailure },
        { Ops.PushPartnerData.Name, 400, "User journey already started. Partner data should be pushed before starting journey", TerminalFailure },
        { Ops.PushPartnerData.Name, 400, "PAN is not matching with GSTIN, passed value: PAN = X, GSTIN = Y", TerminalFailure },
        { Ops.PushPartnerData.Name, 409, "something went wrong", RetryableFailure },
        { Ops.GetCreditLineDetails.Name, 403, "Missing customerID", TerminalFailure },
        { Ops.GetCreditLineDetails.Name, 404, "user with credit line not found", TerminalFailure },
        { Ops.GetCreditLineTransactions.Name, 403, "Missing customerID", TerminalFailure },
        { Ops.GetCreditLineTransactions.Name, 404, "user with credit line not found", TerminalFailure },
        { Ops.ConfirmTransaction.Name, 403, "only transaction with status PROCESSING can be updated", TerminalFailure },
        { Ops.ConfirmTransaction.Name, 400, "Invalid extension", TerminalFailure },
        { Ops.ConfirmTransaction.Name, 404, "txnID not found", TerminalFailure },
        { Ops.CancelTransaction.Name, 403, "Missing txnID", TerminalFailure },
        { Ops.CancelTransaction.Name, 404, "txnID not found", TerminalFailure },
        { Ops.SplitTransaction.Name, 400, "sum of invoice amounts cannot exceed transaction amount", TerminalFailure },
        { Ops.SplitTransaction.Name, 403, "only transaction with status PROCESSING can be splitted", TerminalFailure },
        { Ops.SplitTransaction.Name, 404, "txnID not found", TerminalFailure },
        { Ops.MergeTransactions.Name, 400, "< 2 items in txnIDs key", TerminalFailure },
        { Ops.MergeTransactions.Name, 404, "txnID passed is not found", TerminalFailure },
        { Ops.MergeTransactions.Name, 409, "mismatch in txn loan details", TerminalFailure },
        { Ops.GetLoanDetails.Name, 500, "boom", RetryableFailure },
        { Ops.GetLoanDetails.Name, 429, "slow down", RetryableFailure },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrorCases))]
    public void Classify_DocumentedHttpCode_MapsToKind(string operation, int http, string error, LenderResultKind expected)
    {
        var outcome = Classify(operation, http, $$"""{"data":{},"error":"{{error}}","status":false}""");
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal($"HTTP {http}", outcome.Code);
        Assert.Equal(error, outcome.Message);
    }

    [Fact]
    public void Classify_Http200WithStatusTrue_IsSuccess() =>
        Assert.Equal(Success, Classify(Ops.GetLoanDetails.Name, 200, """{"data":{},"error":"","status":true}""").Kind);

    [Fact]
    public void Classify_Http200WithStatusFalse_IsTerminal() =>
        Assert.Equal(TerminalFailure, Classify(Ops.GetLoanDetails.Name, 200, """{"data":{},"error":"x","status":false}""").Kind);

    private static LenderOutcome Classify(string operation, int http, string body)
    {
        using var document = JsonDocument.Parse(body);
        return FinBoxSourcingClassifier.Instance.Classify(operation, http, document.RootElement.Clone());
    }
}
