using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.Partner;

public sealed class HandshakeJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    private const string Workflow = "partner-handshake";

    [Theory]
    [InlineData(Borrowers.Happy)]
    [InlineData("0010")]
    public async Task VerifiedCustomer_RunsTheLoanJourneyAndEndsWithItsOutcome(string scenario)
    {
        var (input, customerRef) = Input(scenario);

        var done = await host.RunAsync(Workflow, input, TimeSpan.FromSeconds(30));

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
        var child = await host.Client.GetInstanceAsync(done.Variables["childInstanceId"]!.GetValue<string>());
        Assert.Equal(("finbox-personal-loan", "Disbursed"), (child.WorkflowId, child.Outcome));
        Assert.Equal(child.Variables["utrNumber"]!.GetValue<string>(), done.Variables["utrNumber"]!.GetValue<string>());

        // The loan journey shared the decision with the verified reference; the parent did not share it again.
        var share = Assert.Single(await host.TokenSharesAsync(customerRef));
        Assert.Contains("\"final_approval\":true", share.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("SharedApproved", done.Steps.Single(s => s.StepId == "alreadyShared").Outcome);
    }

    [Fact]
    public async Task APartnersJourney_StartsItsLoanJourneyForTheSamePartner_TheChildKeyInThatPartnersNamespace()
    {
        var (input, _) = Input(Borrowers.Happy);

        var started = await host.Client.StartAsync(Workflow, input, new StartOptions { Partner = "acme" });
        var parent = await host.WaitAsync(started.Id, i => i.Variables["childInstanceId"] is not null, TimeSpan.FromSeconds(30));

        // Before, the child had no partner: the partner that started the handshake got 404 for the loan journey it leads to.
        var childId = parent.Variables["childInstanceId"]!.GetValue<string>();
        Assert.Equal("acme", (await host.Client.GetInstanceAsync(childId)).Partner);
        Assert.Equal(childId, (await host.Client.FindByIdempotencyKeyAsync(IdempotencyKeys.Stored("acme", $"child:{started.Id}:loan")))?.Id);
        Assert.Null(await host.Client.FindByIdempotencyKeyAsync($"child:{started.Id}:loan"));
        Assert.Equal("acme", (await host.Client.FindByIdempotencyKeyAsync(IdempotencyKeys.Stored("acme", $"child:{started.Id}:loan")))?.Partner);
    }

    [Fact]
    public async Task TheTeamsJourney_StartsItsLoanJourneyUnscoped_TheChildKeyAsBefore()
    {
        var (input, _) = Input(Borrowers.Happy);

        var started = await host.Client.StartAsync(Workflow, input);
        var parent = await host.WaitAsync(started.Id, i => i.Variables["childInstanceId"] is not null, TimeSpan.FromSeconds(30));

        var childId = parent.Variables["childInstanceId"]!.GetValue<string>();
        Assert.Null((await host.Client.GetInstanceAsync(childId)).Partner);
        Assert.Equal(childId, (await host.Client.FindByIdempotencyKeyAsync($"child:{started.Id}:loan"))?.Id);
    }

    [Theory]
    [InlineData("0011")]
    [InlineData("0012")]
    public async Task HandshakeError_EndsRejectedWithoutALoanJourney(string scenario)
    {
        var (input, customerRef) = Input(scenario);

        var done = await host.RunAsync(Workflow, input);

        Assert.Equal("Rejected", done.Outcome);
        Assert.Equal("Rejected", done.Steps.Single(s => s.StepId == "handshake").Outcome);
        Assert.Null(done.Variables["childInstanceId"]);
        Assert.Empty(await host.TokenSharesAsync(customerRef));
    }

    [Fact]
    public async Task ChildRejected_ParentEndsRejectedAndTheRejectionIsSharedOnce()
    {
        var (input, customerRef) = Input(Borrowers.Happy);
        input["loanInput"]!["mobile"] = Borrowers.Mobile("0000");

        var done = await host.RunAsync(Workflow, input, TimeSpan.FromSeconds(30));

        Assert.Equal("Rejected", done.Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(customerRef)).ToJsonString(), StringComparison.Ordinal);
    }

    private static (JsonObject Input, string CustomerRef) Input(string scenario)
    {
        var input = Borrowers.Sample(Workflow);
        var customerRef = "REF-" + Guid.NewGuid().ToString("N")[..12];
        input["customerRefId"] = customerRef;
        input["customer"]!["phone"] = Borrowers.Mobile(scenario);
        input["loanInput"]!["customerId"] = Borrowers.CustomerId();
        input["loanInput"]!["mobile"] = Borrowers.Mobile(Borrowers.Happy);
        return (input, customerRef);
    }
}
