using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using Xunit.Abstractions;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>FinBox v1 webhooks delivered several times, out of order, or before the journey waits for them.</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class WebhookDeliveryTests(SharedDeployment shared, ITestOutputHelper output)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task WebhooksDeliveredThreeTimesAndOutOfOrderMoveTheJourneyOnce()
    {
        var (input, customerId, partnerRef) = Samples.SdkJourney();
        var id = await _api.StartAsync(Samples.Sdk, input);
        await _api.WaitAsync(id, WaitsForWebhook, "following the application by webhooks");

        // The sandbox posts each event once as the application moves; we post every event three more times, shuffled.
        var payloads = new List<JsonObject>();
        while (await _api.AdvanceAsync(customerId) is { } payload)
        {
            payloads.Add(payload);
        }

        var deliveries = payloads.SelectMany(p => Enumerable.Repeat(p, 3)).ToArray();
        new Random(20260121).Shuffle(deliveries);
        var answers = new List<(string EventType, string Status)>();
        foreach (var payload in deliveries)
        {
            var (status, body) = await _api.PostFinBoxWebhookAsync(payload);
            Assert.Equal(HttpStatusCode.Accepted, status);
            answers.Add((payload["eventType"]!.GetValue<string>(), body!["status"]!.GetValue<string>()));
        }

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal("Disbursed", Outcome(done));
        Assert.All(answers.GroupBy(a => a.EventType), g => Assert.True(g.Count(a => a.Status != "Duplicate") <= 1, $"{g.Key} was taken more than once"));
        var journal = await _api.JournalAsync(id);
        var received = journal.Where(e => e!["kind"]!.GetValue<string>() == "WebhookReceived").Select(e => e!["data"]!["eventId"]!.GetValue<string>()).ToList();
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.Single(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == "follow");
        Assert.Single(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == "readLoan");
        Assert.Equal([true], await _api.TokenSharesAsync(partnerRef));
        output.WriteLine($"{payloads.Count} events, {deliveries.Length} extra deliveries: {answers.Count(a => a.Status == "Duplicate")} duplicate, {received.Count} moved the journey");
    }

    [Fact]
    public async Task WebhookThatArrivesBeforeTheJourneyWaitsIsKeptAndConsumed()
    {
        var (input, customerId, _) = Samples.SdkJourney();

        // The borrower's app was quicker than us: FinBox reports the application before our journey even started.
        var early = new JsonObject
        {
            ["customerID"] = customerId,
            ["entityType"] = "system",
            ["eventDescription"] = "loan application created",
            ["eventType"] = "loan_application_created",
            ["loanApplicationID"] = Guid.NewGuid().ToString(),
            ["loggedAt"] = "2026-01-21 10:00:00",
            ["journeyType"] = "personal_loan",
            ["source"] = "partner-app",
        };
        var (status, answer) = await _api.PostFinBoxWebhookAsync(early);
        Assert.Equal((HttpStatusCode.Accepted, "Buffered"), (status, answer!["status"]!.GetValue<string>()));

        var id = await _api.StartAsync(Samples.Sdk, input);
        var following = await _api.WaitAsync(id, i => i["variables"]?["lenderStatus"]?["eventType"]?.GetValue<string>() == "loan_application_created",
            "the buffered event consumed when the journey started following");

        Assert.True(WaitsForWebhook(following) || Status(following) == "Running");
        var consumed = Assert.Single(await _api.JournalAsync(id), e => e!["kind"]!.GetValue<string>() == "WebhookReceived");
        Assert.Equal((answer["eventId"]!.GetValue<string>(), true), (consumed!["data"]!["eventId"]!.GetValue<string>(), consumed["data"]!["buffered"]!.GetValue<bool>()));
        while (await _api.AdvanceAsync(customerId) is not null)
        {
        }

        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
    }
}
