using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.CapitalFloat;
using LoanJourney.Activities.Tests.FinBoxPrism;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.Journey;

/// <summary>
/// With 30% of lender calls failing (5xx/429), journeys still reach their end: safe calls are retried by the clients,
/// the others by the steps' durable retry policies; an exhausted step leaves an incident that an operator retry resolves.
/// Money still moves once.
/// </summary>
public sealed class LenderFaultTests(FaultyLendersHost host) : IClassFixture<FaultyLendersHost>
{
    [Fact]
    public async Task PersonalLoan_UnderLenderFaults_DisbursesOnce()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        var started = await host.Client.StartAsync("finbox-personal-loan", input);

        var done = await CompleteRetryingIncidentsAsync(started.Id);

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
    }

    [Fact]
    public async Task PayLater_UnderLenderFaults_BlocksAndDisbursesOnce()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);

        // The borrower enters the OTP whenever the journey asks for it (again after a verify that failed on a fault).
        WorkflowInstance done;
        for (var round = 0; ; round++)
        {
            done = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted
                || (i.CurrentStepId == "otp" && i.Bookmarks.Any(b => b.Key == "otp")), TimeSpan.FromSeconds(60));
            if (done.Status == WorkflowStatus.Completed || round == 10)
            {
                break;
            }

            if (done.Status == WorkflowStatus.Faulted)
            {
                await host.Client.RetryIncidentAsync(started.Id);
                continue;
            }

            var otp = (await host.GetJsonAsync($"sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}"))["otp"]!.GetValue<string>();

            // A sensitive signal resumes the step inside this call: when it returns, the verification is committed.
            await host.Client.SignalAsync(started.Id, "otp", new JsonObject { ["otp"] = otp });
        }

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal((1, 1), (await host.CounterAsync(appId, "block"), await host.CounterAsync(appId, "tranche")));
    }

    private async Task<WorkflowInstance> CompleteRetryingIncidentsAsync(string instanceId)
    {
        for (var retries = 0; ; retries++)
        {
            var instance = await host.WaitAsync(instanceId, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted, TimeSpan.FromSeconds(60));
            if (instance.Status == WorkflowStatus.Completed || retries == 5)
            {
                return instance;
            }

            await host.Client.RetryIncidentAsync(instanceId);
        }
    }
}
