using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.FinBoxPrism;

public sealed class PersonalLoanJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    private const string Workflow = "finbox-personal-loan";

    [Fact]
    public async Task SampleInput_HappyPath_DisbursesAndSharesTheApprovalWithThePartner()
    {
        var (input, customerId, partnerRef) = Input(Borrowers.Happy);

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (instance.Status, instance.Outcome));
        Assert.StartsWith("SBXUTR", instance.Variables["utrNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(instance.Variables["loanAccountNumber"]);
        Assert.Equal(150000m, instance.Variables["offer"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(12, instance.Variables["offer"]!["tenure"]!.GetValue<int>());
        var share = Assert.Single(await host.TokenSharesAsync(partnerRef));
        Assert.Contains("\"final_approval\":true", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"interest_type\":\"reducing\"", share.ToJsonString(), StringComparison.Ordinal); // the slab's method "rb"
        Assert.Contains("\"interest_frequency\":\"yearly\"", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
        Assert.Equal(1, await host.CounterAsync(customerId, "agreement"));
    }

    [Fact]
    public async Task CancelAfterTheDisbursal_IsRefused_TheJourneyStillTellsThePartnerAndEndsDisbursed()
    {
        // The partner is down after the loan was disbursed: the journey retries the token share. A cancel then (the
        // partner's, or an operator's) cannot undo the disbursal: before, it was accepted and the journey ended Cancelled,
        // with the money out and the partner never told.
        var (input, customerId, partnerRef) = Input(Borrowers.Happy);
        await host.SetFaultsAsync(new JsonObject { ["dropBeforeCommit"] = new JsonArray("application/token") });
        try
        {
            var started = await host.Client.StartAsync(Workflow, input);
            await host.WaitForJournalAsync(started.Id, e => e.Kind == "LenderCall" && e.StepId == "shareApproved");

            var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => host.Client.CancelAsync(started.Id, "partner: cancel"));

            Assert.Equal(("disburse", "Disbursed"), (refused.StepId, refused.Outcome));
            await host.SetFaultsAsync(new JsonObject());
            var done = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled or WorkflowStatus.Faulted);
            Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
            Assert.Single(await host.TokenSharesAsync(partnerRef));
            Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
        }
        finally
        {
            await host.SetFaultsAsync(new JsonObject());
        }
    }

    [Fact]
    public async Task Journal_RecordsEveryLenderCallWithTheManagementApiFieldsAndNoRawPii()
    {
        var (input, _, _) = Input(Borrowers.Happy);
        var mobile = input["mobile"]!.GetValue<string>();

        var instance = await host.RunAsync(Workflow, input);

        var calls = (await host.JournalAsync(instance.Id)).Where(e => e.Kind == "LenderCall").ToList();
        Assert.Contains(calls, c => c.StepId == "disburse" && c.Data!["path"]!.GetValue<string>().Contains("v2/loan/disburse", StringComparison.Ordinal));
        foreach (var field in new[] { "lender", "method", "path", "httpStatus", "lenderCode", "latencyMs", "attempt", "request", "response" })
        {
            Assert.All(calls, c => Assert.True(c.Data!.AsObject().ContainsKey(field), field));
        }

        var all = string.Join('\n', calls.Select(c => c.Data!.ToJsonString()));
        Assert.DoesNotContain(mobile, all, StringComparison.Ordinal);
        Assert.DoesNotContain("ABCDE1234F", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessingPolls_RideWithTheNextCommit_AndTheJournalStillHasEachOne()
    {
        var (input, _, _) = Input(Borrowers.Happy);

        var instance = await host.RunAsync(Workflow, input);

        // The sandbox answers each status GET "processing" once (ProcessingPolls 1): two GETs per polling step, both journaled.
        var journal = await host.JournalAsync(instance.Id);
        foreach (var (step, path) in new[] { ("bre", "v2/user/offers"), ("banking", "v2/user/bank/analyse"), ("kyc", "v2/kyc/details"), ("agreement", "v2/loan/agreement"), ("disburse", "v2/loan/disburse") })
        {
            Assert.True(journal.Count(e => e.Kind == "LenderCall" && e.StepId == step && e.Data!["method"]!.GetValue<string>() == "GET"
                && e.Data["path"]!.GetValue<string>().Contains(path, StringComparison.Ordinal)) >= 2, step);
        }

        // Every suspension and completion was a commit of its own before (the version counts commits, from 1 at the start); each
        // step's "processing" poll (read-only, parked, nothing stored changed) now rides with the step's next commit.
        var transitions = journal.Count(e => e.Kind is "StepSuspended" or "StepCompleted");
        var commits = (await host.Store.GetInstanceAsync(instance.Id, default))!.Version - 1;
        Assert.True(transitions - commits >= 5, $"{transitions} transitions in {commits} commits");
    }

    [Fact]
    public async Task EachStepsFinalPoll_RidesWithTheNextStepsCommit_NineCommitsAfterTheStart()
    {
        var (input, _, _) = Input(Borrowers.Happy);

        var instance = await host.RunAsync(Workflow, input);

        // After the start: partnerAwaits (v5, session 54: a pure first step) with createUser (round 63: a pure step with nothing before
        // it in its run holds its completion for the next step's commit), updateDetails, bre's trigger, bre's final poll with
        // acceptOffer, banking's trigger, banking's final poll with kyc's trigger, kyc's final poll with agreement's trigger,
        // agreement's final poll with disburse's trigger, disburse's final poll with the token share and the end (a pure step). Before
        // session 33 each final poll was a commit of its own: 14 (v4: 9, without partnerAwaits; v5 before round 63: 10). A failed
        // attempt on a loaded machine (a lender call timing out) costs a commit or two more; the journal says how many.
        var journal = await host.JournalAsync(instance.Id);
        var failures = journal.Count(e => e.Kind is "StepFailed" or "StepDeferred");
        var commits = (await host.Store.GetInstanceAsync(instance.Id, default))!.Version - 1;
        Assert.InRange(commits, 9, 9 + (2 * failures));
        Assert.Equal(["partnerAwaits", "createUser", "updateDetails", "bre", "acceptOffer", "banking", "kyc", "agreement", "disburse", "shareApproved", "disbursed"],
            journal.Where(e => e.Kind == "StepCompleted").Select(e => e.StepId));
        Assert.Empty(await host.Store.GetOpenIntentsAsync(instance.Id, default));
    }

    [Fact]
    public async Task TriggerBre_NoRiskVariablesInTheInput_SendsTheMandatoryEmptyObject()
    {
        var (input, _, _) = Input(Borrowers.Happy);
        input.Remove("riskVariables");

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Disbursed", instance.Outcome);
        var request = BreTrigger(await host.JournalAsync(instance.Id));
        Assert.Equal("{}", request["riskVariables"]!.ToJsonString());
    }

    [Fact]
    public async Task TriggerBre_RiskVariablesInTheInput_SendsThem()
    {
        var (input, _, _) = Input(Borrowers.Happy);
        input["riskVariables"] = new JsonObject { ["policyID"] = "default" };

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Disbursed", instance.Outcome);
        Assert.Equal("default", BreTrigger(await host.JournalAsync(instance.Id))["riskVariables"]!["policyID"]!.GetValue<string>());
    }

    [Fact]
    public async Task BreRejected_SharesTheRejectionAndEndsRejected()
    {
        var (input, customerId, partnerRef) = Input("0000");

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal((WorkflowStatus.Completed, "Rejected"), (instance.Status, instance.Outcome));
        Assert.Equal("shareRejected", instance.Steps[^2].StepId);
        var share = Assert.Single(await host.TokenSharesAsync(partnerRef));
        Assert.Contains("\"final_approval\":false", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.CounterAsync(customerId, "disbursal"));
    }

    [Fact]
    public async Task BreFailedOnce_IsReTriggeredAndTheJourneyDisburses()
    {
        var (input, _, _) = Input("0001");

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Disbursed", instance.Outcome);
        var breTriggers = (await host.JournalAsync(instance.Id))
            .Count(e => e.Kind == "LenderCall" && e.StepId == "bre" && e.Data!["method"]!.GetValue<string>() == "POST");
        Assert.Equal(2, breTriggers);
    }

    [Fact]
    public async Task KycActionPending_ExposesTheSessionUrlThenApproves()
    {
        // Held until the test lifts it (the borrower finishing the session): the URL is there to be seen however busy the machine.
        var (input, customerId, _) = Input("0002");
        (await host.Http.PutAsJsonAsync($"sandbox/finbox/users/{customerId}/kyc-hold", new { hold = true })).EnsureSuccessStatusCode().Dispose();
        var started = await host.Client.StartAsync(Workflow, input);

        var pending = await host.WaitAsync(started.Id, i => i.Variables["sessionUrl"] is not null || i.Status == WorkflowStatus.Completed);
        Assert.StartsWith("https://", pending.Variables["sessionUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("kyc", pending.CurrentStepId);
        (await host.Http.PutAsJsonAsync($"sandbox/finbox/users/{customerId}/kyc-hold", new { hold = false })).EnsureSuccessStatusCode().Dispose();

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", done.Outcome);
    }

    [Fact]
    public async Task BankStatementIsAnImage_WaitsForAReuploadSignalThenContinues()
    {
        var (input, _, _) = Input("0003");
        var started = await host.Client.StartAsync(Workflow, input);

        var waiting = await host.WaitForSignalAsync(started.Id, "reupload-statement");
        Assert.Equal("PDF_IS_IMAGE", waiting.Variables["bankingError"]!["errorCode"]!.GetValue<string>());
        await host.Client.SignalAsync(started.Id, "reupload-statement", new JsonObject { ["files"] = input["banking"]!["files"]!.DeepClone() });

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", done.Outcome);
        Assert.Null(done.Variables["bankingError"]);
    }

    [Theory]
    [InlineData("0004", "kyc")]
    [InlineData("0005", "agreement")]
    public async Task RejectionAtAStep_SharesTheRejectionAndEndsRejected(string scenario, string rejectingStep)
    {
        var (input, customerId, partnerRef) = Input(scenario);

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal((WorkflowStatus.Completed, "Rejected"), (instance.Status, instance.Outcome));
        Assert.Equal("Rejected", instance.Steps.Single(s => s.StepId == rejectingStep).Outcome);
        var share = Assert.Single(await host.TokenSharesAsync(partnerRef));
        Assert.Contains("\"final_approval\":false", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.CounterAsync(customerId, "disbursal"));
    }

    [Fact]
    public async Task AgreementFailedOnce_IsReTriggeredByTheOnceOnlyStepAndDisburses()
    {
        var (input, customerId, _) = Input("0008");

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Disbursed", instance.Outcome);
        Assert.Equal(2, await host.CounterAsync(customerId, "agreement"));
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
    }

    [Fact]
    public async Task KycFailed_RaisesAnIncidentThatAnOperatorRetryResolves()
    {
        var (input, _, _) = Input("0007");
        var started = await host.Client.StartAsync(Workflow, input);

        var faulted = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Faulted or WorkflowStatus.Completed);
        Assert.Equal((WorkflowStatus.Faulted, "kyc"), (faulted.Status, faulted.Incident?.StepId));
        Assert.Contains("GKD-E-000", faulted.Incident!.Message, StringComparison.Ordinal);

        await host.Client.RetryIncidentAsync(started.Id);

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", done.Outcome);
    }

    [Fact]
    public async Task WithoutAPartnerReference_TheTokenShareIsSkipped()
    {
        var (input, _, partnerRef) = Input(Borrowers.Happy);
        input.Remove("partner");

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Disbursed", instance.Outcome);
        Assert.Equal("Skipped", instance.Steps.Single(s => s.StepId == "shareApproved").Outcome);
        Assert.Empty(await host.TokenSharesAsync(partnerRef));
    }

    internal static (JsonObject Input, string CustomerId, string PartnerRef) Input(string scenario, string workflowId = Workflow)
    {
        var input = Borrowers.Sample(workflowId);
        var customerId = Borrowers.CustomerId();
        var partnerRef = "REF-" + customerId;
        input["customerId"] = customerId;
        input["mobile"] = Borrowers.Mobile(scenario);
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };
        input["breRetryInterval"] = "00:00:00.050";
        return (input, customerId, partnerRef);
    }

    private static JsonNode BreTrigger(IReadOnlyList<JournalEntry> journal) =>
        journal.Single(e => e.Kind == "LenderCall" && e.StepId == "bre" && e.Data!["method"]!.GetValue<string>() == "POST").Data!["request"]!;
}
