using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.Tests.Journey;

public sealed class LenderResultMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Map_Success_CallsTheSuccessHandler()
    {
        var result = Map(new LenderResult<string> { Kind = LenderResultKind.Success, Body = "ok" });

        Assert.Equal("Done", Assert.IsType<ActivityResult.Completed>(result).Outcome);
    }

    [Fact]
    public void Map_Processing_SuspendsOnAPollTimerOneIntervalAhead()
    {
        var result = Map(new LenderResult<string> { Kind = LenderResultKind.Processing });

        var timer = Assert.Single(Assert.IsType<ActivityResult.Suspended>(result).Bookmarks);
        Assert.Equal((BookmarkKind.Timer, "poll", Now.AddSeconds(5)), (timer.Kind, timer.Name, timer.DueAt));
    }

    [Fact]
    public void Map_Rejected_RejectedOutcomeWithTheReason()
    {
        var result = Map(new LenderResult<string> { Kind = LenderResultKind.Rejected, LenderCode = "GEO-S-002", Message = "PRE_BRE_REJECT" });

        var completed = Assert.IsType<ActivityResult.Completed>(result);
        Assert.Equal("Rejected", completed.Outcome);
        Assert.Equal(("PRE_BRE_REJECT", "GEO-S-002"), (completed.Output!["reason"]!.GetValue<string>(), completed.Output["lenderCode"]!.GetValue<string>()));
    }

    [Fact]
    public void Map_CircuitOpen_DefersTheStepUntilTheBreakerHalfOpensWithoutSpendingAnAttempt()
    {
        var result = Map(new LenderResult<string>
        {
            Kind = LenderResultKind.RetryableFailure,
            LenderCode = "CIRCUIT_OPEN",
            RetryAfter = TimeSpan.FromSeconds(12),
            Api = "Partners:acme",
        });

        var failed = Assert.IsType<ActivityResult.Failed>(result);
        Assert.Equal(("LenderUnavailable", true, TimeSpan.FromSeconds(12)), (failed.ErrorKind, failed.Retryable, failed.DeferFor));
        Assert.Equal("Partners:acme", failed.WaitingOn); // the deferral timer's key: the list's deferredOn (session 48)
    }

    [Fact]
    public void Map_RetryableFailure_RetryableFailWithMaskedDetails()
    {
        var result = Map(new LenderResult<string> { Kind = LenderResultKind.RetryableFailure, LenderCode = "FBX-E-004", HttpStatus = 200 });

        var failed = Assert.IsType<ActivityResult.Failed>(result);
        Assert.Equal((LenderResultMapping.LenderUnavailable, true), (failed.ErrorKind, failed.Retryable));
        Assert.Equal(200, failed.Details!["httpStatus"]!.GetValue<int>());
    }

    // A lost answer is retried only where sending again is safe: a read or an idempotent call, or a trigger the lender
    // deduplicates (its duplicate answer tells the first one's outcome).
    [Fact]
    public void Map_AnswerLost_OfACallSafeToRepeat_RetryableOutcomeUnknown()
    {
        foreach (var operation in new[] { FinBoxPrismOperations.GetBre, FinBoxPrismOperations.UpdateUserDetails, FinBoxPrismOperations.TriggerDisbursal })
        {
            var result = Map(Lost(operation));

            var failed = Assert.IsType<ActivityResult.Failed>(result);
            Assert.Equal((LenderResultMapping.OutcomeUnknown, true), (failed.ErrorKind, failed.Retryable));
        }
    }

    // "No automatic retry" held only for the HTTP pipeline: the step's retry sent Accept Offer 4 times after a lost answer.
    [Fact]
    public void Map_AnswerLost_OfACallNotSafeToRepeat_NotRetryable_TheOperatorDecides()
    {
        foreach (var operation in new LenderOperation?[] { FinBoxPrismOperations.AcceptOffer, FinBoxPrismOperations.TriggerKyc, FinBoxPrismOperations.UploadDocument,
            FinBoxSourcingOperations.PushPartnerData, null })
        {
            var result = Map(Lost(operation));

            var failed = Assert.IsType<ActivityResult.Failed>(result);
            Assert.Equal((LenderResultMapping.OutcomeUnknown, false), (failed.ErrorKind, failed.Retryable));
            Assert.Contains("not repeated on a guess", failed.Message, StringComparison.Ordinal);
            Assert.Equal(operation?.Name, failed.Details!["operation"]?.GetValue<string>());
        }
    }

    [Fact]
    public void Failure_AnswerLost_WhereTheReRunReconciles_Retryable()
    {
        var failed = Assert.IsType<ActivityResult.Failed>(LenderResultMapping.Failure(Lost(FinBoxSourcingOperations.ConfirmTransaction), retryReconciles: true));

        Assert.Equal((LenderResultMapping.OutcomeUnknown, true), (failed.ErrorKind, failed.Retryable));
    }

    // Nothing was sent (no connection made): not an unknown outcome, so even a call not safe to repeat may go again.
    [Fact]
    public void Map_NotConnected_OfACallNotSafeToRepeat_Retryable()
    {
        var result = Map(new LenderResult<string> { Kind = LenderResultKind.RetryableFailure, LenderCode = "NOT_CONNECTED", Operation = FinBoxPrismOperations.AcceptOffer });

        Assert.Equal((LenderResultMapping.LenderUnavailable, true), (Assert.IsType<ActivityResult.Failed>(result).ErrorKind, Assert.IsType<ActivityResult.Failed>(result).Retryable));
    }

    private static LenderResult<string> Lost(LenderOperation? operation) =>
        new() { Kind = LenderResultKind.RetryableFailure, LenderCode = "TIMEOUT", OutcomeUnknown = true, Operation = operation };

    [Fact]
    public void Map_TerminalFailure_NonRetryableSoAnIncidentIsRaised()
    {
        var result = Map(new LenderResult<string> { Kind = LenderResultKind.TerminalFailure, LenderCode = "FBX-E-006", Message = "User Not Found" });

        var failed = Assert.IsType<ActivityResult.Failed>(result);
        Assert.Equal((LenderResultMapping.LenderError, false), (failed.ErrorKind, failed.Retryable));
        Assert.Contains("FBX-E-006", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_LenderCallRecord_UsesTheManagementApiFieldNames()
    {
        var record = new LenderCallRecord("FinBoxPrism", "FinBoxPrism.TriggerBre", "POST", "/v2/user/offers", 200, "GNO-S-000",
            TimeSpan.FromMilliseconds(41), """{"customerID":"C1"}""", "not json", 1, Now, null);

        var json = LenderCalls.ToJson(record);

        Assert.Equal(("FinBoxPrism", "POST", "/v2/user/offers", 200, "GNO-S-000", 41.0, 1),
            (json["lender"]!.GetValue<string>(), json["method"]!.GetValue<string>(), json["path"]!.GetValue<string>(), json["httpStatus"]!.GetValue<int>(),
             json["lenderCode"]!.GetValue<string>(), json["latencyMs"]!.GetValue<double>(), json["attempt"]!.GetValue<int>()));
        Assert.Equal("C1", json["request"]!["customerID"]!.GetValue<string>());
        Assert.Equal("not json", json["response"]!.GetValue<string>());
    }

    private static ActivityResult Map(LenderResult<string> result) =>
        LenderResultMapping.Map(result, _ => ActivityResult.Complete("Done", new JsonObject()), _ => LenderResultMapping.Poll(Now, TimeSpan.FromSeconds(5)));
}
