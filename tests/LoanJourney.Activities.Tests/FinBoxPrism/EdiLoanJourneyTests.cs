using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.FinBoxPrism;

public sealed class EdiLoanJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    private const string Workflow = "finbox-edi-loan";

    [Fact]
    public async Task SampleInput_HappyPath_UploadsTheFourDocumentsAndDisburses()
    {
        var (input, customerId, partnerRef) = PersonalLoanJourneyTests.Input(Borrowers.Happy, Workflow);

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (instance.Status, instance.Outcome));
        var uploads = (await host.JournalAsync(instance.Id)).Where(e => e.Kind == "LenderCall" && e.StepId!.StartsWith("upload", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, uploads.Count);
        Assert.Equal("Done", instance.Steps.Single(s => s.StepId == "updateNach").Outcome);
        Assert.Single(await host.TokenSharesAsync(partnerRef));
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
    }

    [Fact]
    public async Task NachUpdate_SendsTheInsuranceConsentWithTheInsuranceDetails_AsTheDocumentSampleDoes()
    {
        var (input, _, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy, Workflow);

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Disbursed", instance.Outcome);
        var request = (await host.JournalAsync(instance.Id)).Single(e => e.Kind == "LenderCall" && e.StepId == "updateNach").Data!["request"]!;
        Assert.NotNull(request["loanDetails"]!["insuranceDetails"]);
        var consent = Assert.Single(request["consents"]!.AsArray());
        Assert.Equal(("INSURANCE", "2026-01-10T10:02:00Z"), (consent!["type"]!.GetValue<string>(), consent["timestamp"]!.GetValue<string>()));
    }

    [Fact]
    public async Task NachUpdate_InsuranceWithoutItsConsent_StopsBeforeSendingAnything()
    {
        var (input, _, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy, Workflow);
        input.Remove("insuranceConsent");

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal(("updateNach", "InsuranceConsentMissing"), (instance.Incident!.StepId, instance.Incident.ErrorKind));
        Assert.DoesNotContain(await host.JournalAsync(instance.Id), e => e.Kind == "LenderCall" && e.StepId == "updateNach");
        await host.Client.CancelAsync(instance.Id, "test: input corrected in a new journey");
    }

    [Fact]
    public async Task BreRejected_EndsRejected()
    {
        var (input, _, partnerRef) = PersonalLoanJourneyTests.Input("0013", Workflow);

        var instance = await host.RunAsync(Workflow, input);

        Assert.Equal("Rejected", instance.Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(partnerRef)).ToJsonString(), StringComparison.Ordinal);
    }
}
