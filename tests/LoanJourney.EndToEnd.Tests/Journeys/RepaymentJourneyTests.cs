using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>
/// The repayment journey against a loan the sandbox disbursed (a FinBox v1 user walked to <c>loan_disbursed</c> over the
/// sandbox's own API): Repay Loan, then Loan Repayments / EDI repayments until the money shows.
/// </summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class RepaymentJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;
    private readonly SandboxV1 _v1 = new(shared.Deployment);

    [Fact]
    public async Task RepaymentIsRecordedAndFollowedUntilItShowsInTheRepayments()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync();
        var input = RepaymentInput(loanId);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Repayment, input));

        Assert.Equal(("Completed", "Repaid"), (Status(done), Outcome(done)));
        var reference = done["variables"]!["repaymentReferenceID"]!.GetValue<string>();
        Assert.StartsWith("FBXREF-", reference, StringComparison.Ordinal);
        var emi = (await _v1.GetAsync($"v1/loan/repayments?loanApplicationID={loanId}"))["data"]!["emiList"]![0]!;
        Assert.Equal(("PAID", 2680m), (emi["status"]!.GetValue<string>(), emi["amountReceived"]!.GetValue<decimal>()));
        Assert.Equal(1, (await _api.CountersAsync(customerId))["repay"]);
    }

    [Fact]
    public async Task EdiRepaymentIsFollowedInTheEdiRepayments()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync();
        var input = RepaymentInput(loanId);
        input["product"] = "EDI";
        input["amountReceived"] = 167;

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Repayment, input));

        Assert.Equal("Repaid", Outcome(done));
        var edi = (await _v1.GetAsync($"v1/edi/repayments?loanApplicationID={loanId}"))["data"]!;
        Assert.Equal((167m, 1), (edi["amountPaid"]!.GetValue<decimal>(), edi["numPaidEDIs"]!.GetValue<int>()));
        Assert.Equal(1, (await _api.CountersAsync(customerId))["repay"]);
    }

    [Fact]
    public async Task RepayDisabledAtFinBoxEndsRefusedWithNothingRecorded()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync("0032");

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Repayment, RepaymentInput(loanId)));

        Assert.Equal("Refused", Outcome(done));
        Assert.Contains(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == "repay" && s["outcome"]?.GetValue<string>() == "Rejected");
        Assert.False((await _api.CountersAsync(customerId)).ContainsKey("repay"));
    }

    [Fact]
    public async Task RepaymentBeforeDisbursalEndsRefusedWithoutARepay()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync(advanceTo: 1);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Repayment, RepaymentInput(loanId)));

        Assert.Equal("Refused", Outcome(done));
        Assert.Contains(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == "before" && s["outcome"]?.GetValue<string>() == "Rejected");
        Assert.Empty(await _api.CountersAsync(customerId));
    }

    [Fact]
    public async Task RepaymentThatNeverShowsEndsNotSettled()
    {
        var (_, loanId) = await _v1.DisbursedLoanAsync();
        var input = RepaymentInput(loanId);
        input["installmentNum"] = 2;
        input["amountReceived"] = 2681;
        input["settleTimeout"] = "00:00:00.300";
        input["pollInterval"] = "00:00:05";

        // FinBox shows a repayment PENDING for a few reads; one read, then the timeout, comes before it settles.
        Assert.Equal("NotSettled", Outcome(await _api.WaitEndedAsync(await _api.StartAsync(Samples.Repayment, input))));
    }

    [Fact]
    public async Task RepayCommittedButItsAnswerLostWaitsForTheOperatorAndIsNeverSentTwice()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync();
        var (id, incident) = await RepayWithoutAnswerAsync(loanId, "loseAnswerAfterCommit");
        Assert.Equal(("repay", "OutcomeUnknown"), (incident["stepId"]!.GetValue<string>(), incident["errorKind"]!.GetValue<string>()));
        Assert.Equal(loanId, incident["details"]!["intent"]!["loanApplicationID"]!.GetValue<string>());
        Assert.Equal(1, (await _api.CountersAsync(customerId))["repay"]);

        // A plain retry is no answer: refused (409 awaits_decision), nothing sent, the question stands.
        using (var retry = await _api.PostAsync($"api/instances/{id}/incident/retry", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        }

        Assert.Equal("OutcomeUnknown", (await _api.WaitForIncidentAsync(id))["incident"]!["errorKind"]!.GetValue<string>());
        using (var confirmed = await _api.PostAsync($"api/instances/{id}/incident/confirm-sent",
            new JsonObject { ["reference"] = "FBXREF-FROM-FINBOX-OPS", ["reason"] = "FinBox ops confirmed the repayment" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        }

        var done = await _api.WaitEndedAsync(id);
        Assert.Equal("Repaid", Outcome(done));
        Assert.Equal("FBXREF-FROM-FINBOX-OPS", done["variables"]!["repaymentReferenceID"]!.GetValue<string>());
        var counters = await _api.CountersAsync(customerId);
        Assert.Equal((1, false), (counters["repay"], counters.ContainsKey("repayDuplicate")));
    }

    [Fact]
    public async Task RepayThatNeverArrivedIsSentOnceMoreWhenTheOperatorConfirmsItWasNotSent()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync();
        var (id, _) = await RepayWithoutAnswerAsync(loanId, "dropBeforeCommit");
        Assert.False((await _api.CountersAsync(customerId)).ContainsKey("repay"));

        using (var notSent = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["reason"] = "FinBox has no such repayment" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, notSent.StatusCode);
        }

        Assert.Equal("Repaid", Outcome(await _api.WaitEndedAsync(id)));
        var counters = await _api.CountersAsync(customerId);
        Assert.Equal((1, false), (counters["repay"], counters.ContainsKey("repayDuplicate")));
    }

    [Fact]
    public async Task OperatorCancelsARepaymentWhoseRepayNeverArrived_ByAnsweringNotSentAndStop()
    {
        var (customerId, loanId) = await _v1.DisbursedLoanAsync();
        var (id, _) = await RepayWithoutAnswerAsync(loanId, "dropBeforeCommit");

        // A repayment recorded is a point of no return: a plain cancel while its answer is lost would be a guess.
        using (var cancel = await _api.PostAsync($"api/instances/{id}/cancel", new JsonObject { ["reason"] = "collected twice; refunded" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        }

        using (var stop = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["then"] = "cancel", ["reason"] = "FinBox: no such repayment; collected twice, refunded" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        Assert.Equal("Cancelled", Status(await _api.WaitEndedAsync(id)));
        Assert.False((await _api.CountersAsync(customerId)).ContainsKey("repay"));
    }

    // The sandbox faults are route-wide: set only while this journey's repay is sent (the collection runs classes one at a time).
    private async Task<(string Id, JsonObject Incident)> RepayWithoutAnswerAsync(string loanId, string fault)
    {
        await SetFaultsAsync(new JsonObject { [fault] = new JsonArray("v1/loan/repay") });
        try
        {
            var id = await _api.StartAsync(Samples.Repayment, RepaymentInput(loanId));
            return (id, (await _api.WaitForIncidentAsync(id))["incident"]!.AsObject());
        }
        finally
        {
            await SetFaultsAsync(new JsonObject());
        }
    }

    private async Task SetFaultsAsync(JsonObject faults)
    {
        using var response = await shared.Deployment.Sandbox.PutAsJsonAsync("sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    private static JsonObject RepaymentInput(string loanId)
    {
        var input = Samples.Load(Samples.Repayment);
        input["loanApplicationID"] = loanId;
        input["transactionID"] = Samples.NewId("UTR");
        input["pollInterval"] = "00:00:00.100";
        return input;
    }
}
