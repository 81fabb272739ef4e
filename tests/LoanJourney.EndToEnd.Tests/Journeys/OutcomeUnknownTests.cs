using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>
/// A tranche whose answer never comes back, over the real server and the sandbox as two processes: the journey stops with
/// an outcome-unknown incident showing the intent, and each of the operator's three choices (docs/api.md) ends it right
/// with nothing sent twice. The sandbox faults are route-wide, so they are set only while the tranche is sent and the
/// collection runs its classes one at a time.
/// </summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class OutcomeUnknownTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task TrancheCommittedButItsAnswerLostWaitsForTheOperatorWhoConfirmsItWasSent()
    {
        var (id, appId, incident) = await TrancheWithoutAnswerAsync("loseAnswerAfterCommit");
        Assert.Equal(1, (await _api.CountersAsync(appId))["tranche"]);

        // An alteration that could send the tranche again is refused while its outcome is unknown, and shows the intent.
        using (var refused = await _api.PostAsync($"api/instances/{id}/alterations/goto", new JsonObject { ["stepId"] = "tranche", ["reason"] = "send it again" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.Equal("unresolved_intent", problem["code"]!.GetValue<string>());
            Assert.Equal("tranche", problem["intents"]![0]!["stepId"]!.GetValue<string>());
        }

        // Nor is a skip: the problem says why, and its instanceStatus is the journey's status, not the explanation.
        using (var skip = await _api.PostAsync($"api/instances/{id}/incident/skip", new JsonObject { ["outcome"] = "Disbursed", ["reason"] = "skip it" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
            var problem = JsonNode.Parse(await skip.Content.ReadAsStringAsync())!;
            Assert.Equal(("invalid_state", "Faulted"), (problem["code"]!.GetValue<string>(), problem["instanceStatus"]!.GetValue<string>()));
            Assert.Contains("confirm-not-sent", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using (var missing = await _api.PostAsync($"api/instances/{id}/incident/confirm-sent", new JsonObject()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Contains("reference", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var confirmed = await _api.PostAsync($"api/instances/{id}/incident/confirm-sent", new JsonObject { ["reference"] = "TR-from-capital-float-ops", ["reason"] = "Capital Float ops confirmed the tranche" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        }

        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
        var counters = await _api.CountersAsync(appId);
        Assert.Equal((1, false), (counters["tranche"], counters.ContainsKey("trancheDuplicate")));
        var decided = (await _api.JournalAsync(id)).Single(e => e!["kind"]!.GetValue<string>() == "OutcomeDecided");
        Assert.NotNull(decided);
        Assert.Equal("OutcomeUnknown", incident["errorKind"]!.GetValue<string>());
    }

    [Fact]
    public async Task TrancheThatNeverArrivedIsSentAgainOnlyWhenTheOperatorConfirmsItWasNotSent()
    {
        var (id, appId, _) = await TrancheWithoutAnswerAsync("dropBeforeCommit");
        Assert.False((await _api.CountersAsync(appId)).ContainsKey("tranche"));

        // A plain retry is no decision: refused (409 awaits_decision), nothing sent, the question stands.
        using (var retry = await _api.PostAsync($"api/instances/{id}/incident/retry", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
            Assert.Contains("awaits_decision", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var again = await _api.WaitForIncidentAsync(id);
        Assert.Equal("OutcomeUnknown", again["incident"]!["errorKind"]!.GetValue<string>());
        Assert.False((await _api.CountersAsync(appId)).ContainsKey("tranche"));

        using (var notSent = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["reason"] = "Capital Float: no such tranche" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, notSent.StatusCode);
        }

        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
        Assert.Equal(1, (await _api.CountersAsync(appId))["tranche"]);
    }

    [Fact]
    public async Task ACancelIsNoAnswerToALostTranche_TheOperatorWhoLearntItNeverArrivedStopsTheJourneyAndTheBlockIsReleased()
    {
        var (id, appId, incident) = await TrancheWithoutAnswerAsync("dropBeforeCommit");
        Assert.Equal(["confirm-sent", "confirm-not-sent", "confirm-not-sent-and-cancel"], incident["details"]!["choices"]!.AsArray().Select(c => c!.GetValue<string>()));

        // The tranche may have been drawn: a cancel would be a guess (and its block release then fails with -25 when it was).
        using (var cancel = await _api.PostAsync($"api/instances/{id}/cancel", new JsonObject { ["reason"] = "order cancelled" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
            var problem = JsonNode.Parse(await cancel.Content.ReadAsStringAsync())!;
            Assert.Equal(("past_point_of_no_return", "tranche", true), (problem["code"]!.GetValue<string>(), problem["stepId"]!.GetValue<string>(), problem["moneyCallOut"]!.GetValue<bool>()));
            Assert.Contains("\"then\": \"cancel\"", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // The journey's detail says so before anyone asks.
        var detail = await _api.GetAsync(id);
        Assert.Equal(("tranche", true), (detail["cancelRefusal"]!["stepId"]!.GetValue<string>(), detail["cancelRefusal"]!["awaitsDecision"]!.GetValue<bool>()));

        using (var bad = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["then"] = "stop", ["reason"] = "order cancelled" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("then", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var stop = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["then"] = "cancel", ["reason"] = "Capital Float: no such tranche; order cancelled" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        var ended = await _api.WaitEndedAsync(id);
        Assert.Equal("Cancelled", Status(ended));
        var counters = await _api.CountersAsync(appId);
        Assert.Equal((false, 1), (counters.ContainsKey("tranche"), counters["blockCancel"]));
        var decided = (await _api.JournalAsync(id)).Single(e => e!["kind"]!.GetValue<string>() == "OutcomeDecided")!;
        Assert.Equal("cancel", decided["data"]!["decision"]!["then"]!.GetValue<string>());

        // The step the cancel abandoned reads Cancelled, not Faulted, and keeps the fault it was at.
        var tranche = ended["steps"]!.AsArray().Last(s => s!["stepId"]!.GetValue<string>() == "tranche")!;
        Assert.Equal(("Cancelled", "OutcomeUnknown"), (tranche["status"]!.GetValue<string>(), tranche["error"]?.GetValue<string>()));
    }

    [Fact]
    public async Task OutcomeDecisionsOnAnyOtherIncidentAreRefused()
    {
        var (input, _, _) = Samples.PayLaterJourney();
        var id = await _api.StartAsync(Samples.PayLater, input);
        await _api.WaitForSignalAsync(id, "otp");

        using var refused = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["reason"] = "no question asked" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using var cancel = await _api.PostAsync($"api/instances/{id}/cancel", new JsonObject { ["reason"] = "test done" });
    }

    private async Task<(string Id, string AppId, JsonObject Incident)> TrancheWithoutAnswerAsync(string fault)
    {
        var (input, appId, orderId) = Samples.PayLaterJourney();
        var id = await _api.StartAsync(Samples.PayLater, input);
        await _api.WaitForSignalAsync(id, "otp");
        var otp = await _api.OtpAsync(appId, orderId);
        JsonObject faulted;
        await SetFaultsAsync(new JsonObject { [fault] = new JsonArray("paylater/tranche") });
        try
        {
            using (var sent = await _api.SignalAsync(id, "otp", new JsonObject { ["otp"] = otp }))
            {
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            }

            faulted = await _api.WaitForIncidentAsync(id);
        }
        finally
        {
            await SetFaultsAsync(new JsonObject());
        }

        var incident = faulted["incident"]!.AsObject();
        Assert.Equal(("tranche", "OutcomeUnknown"), (incident["stepId"]!.GetValue<string>(), incident["errorKind"]!.GetValue<string>()));
        var intent = incident["details"]!["intent"]!;
        Assert.Equal((orderId, input["amount"]!.ToString()), (intent["orderId"]!.GetValue<string>(), intent["amount"]!.GetValue<string>()));
        Assert.Single(intent["sends"]!.AsArray());
        return (id, appId, incident);
    }

    private async Task SetFaultsAsync(JsonObject faults)
    {
        using var response = await shared.Deployment.Sandbox.PutAsJsonAsync("sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }
}
