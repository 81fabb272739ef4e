using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using Xunit.Abstractions;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>Every lender route of the sandbox process answers HTTP 500 and 429 at random, drops connections and is slow.</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class LenderFaultTests(SharedDeployment shared, ITestOutputHelper output)
{
    private readonly Deployment _deployment = shared.Deployment;
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task LenderFaultsStillCompleteEveryJourneyOrLeaveAnIncidentThatARetryResolves()
    {
        var prism = Enumerable.Range(0, 6).Select(i => Samples.Prism(i % 3 == 0 ? Samples.EdiLoan : Samples.PersonalLoan)).ToList();
        var payLater = Enumerable.Range(0, 4).Select(_ => Samples.PayLaterJourney()).ToList();
        (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 15, errorRate = 0.2, throttleRate = 0.1, dropRate = 0.0 })).Dispose();
        var incidents = new List<string>();
        try
        {
            var journeys = new Dictionary<string, (string Workflow, string? AppId, string? OrderId)>(StringComparer.Ordinal);
            foreach (var (input, _, _) in prism)
            {
                var workflow = input.ContainsKey("documents") ? Samples.EdiLoan : Samples.PersonalLoan;
                journeys[await _api.StartAsync(workflow, input)] = (workflow, null, null);
            }

            foreach (var (input, appId, orderId) in payLater)
            {
                journeys[await _api.StartAsync(Samples.PayLater, input)] = (Samples.PayLater, appId, orderId);
            }

            var clock = Stopwatch.StartNew();
            var ended = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            while (ended.Count < journeys.Count)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"Not all journeys ended: {string.Join(", ", journeys.Keys.Except(ended.Keys))}\n{_deployment.Diagnostics()}");
                foreach (var (id, journey) in journeys.Where(j => !ended.ContainsKey(j.Key)))
                {
                    var instance = await _api.GetAsync(id);
                    if (Status(instance) is "Completed" or "Cancelled")
                    {
                        ended[id] = instance;
                    }
                    else if (Status(instance) == "Faulted")
                    {
                        // A clear incident: the step, what failed, how often; the operator retries it.
                        var incident = Assert.IsType<JsonObject>(instance["incident"]);
                        Assert.False(string.IsNullOrWhiteSpace(incident["message"]?.GetValue<string>()));
                        Assert.True(incident["attempts"]!.GetValue<int>() >= 1);
                        incidents.Add($"{journey.Workflow}/{incident["stepId"]}: {incident["errorKind"]} after {incident["attempts"]} attempts");
                        using var retry = await _api.PostAsync($"api/instances/{id}/incident/retry", null);
                        Assert.True(retry.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"retry answered {(int)retry.StatusCode}");
                    }
                    else if (journey.AppId is not null && WaitsForSignal(instance, "otp"))
                    {
                        using var sent = await _api.SignalAsync(id, "otp", new JsonObject { ["otp"] = await _api.OtpAsync(journey.AppId, journey.OrderId!) });
                        Assert.True(sent.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"otp answered {(int)sent.StatusCode}");
                    }
                }

                await Task.Delay(Poll.Interval);
            }

            Assert.All(ended.Values, i => Assert.Equal(("Completed", "Disbursed"), (Status(i), Outcome(i))));
            foreach (var (_, customerId, _) in prism)
            {
                Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
            }

            foreach (var (_, appId, _) in payLater)
            {
                var counters = await _api.CountersAsync(appId);
                Assert.Equal((1, 1), (counters["block"], counters["tranche"]));
            }

            output.WriteLine($"{journeys.Count} journeys disbursed in {clock.Elapsed.TotalSeconds:F1} s; incidents retried: {incidents.Count}");
            incidents.ForEach(output.WriteLine);
        }
        finally
        {
            (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 0, errorRate = 0.0, throttleRate = 0.0, dropRate = 0.0 })).Dispose();
        }
    }

    /// <summary>
    /// Transient outages cost no operator work: under 20 % HTTP 500, 10 % HTTP 429, 5 % dropped connections and 30 ms latency on every
    /// lender route, at most 3 of 60 personal loans need an operator (an incident), and none is disbursed twice. A step whose lender's
    /// circuit is open waits for the breaker on a durable timer instead of spending its attempts.
    /// </summary>
    [Fact]
    public async Task SixtyPersonalLoansUnderLenderFaultsNeedAnOperatorAtMostThreeTimesAndNoneIsDisbursedTwice()
    {
        const int Journeys = 60;
        const int OperatorBudget = 3;
        var loans = Enumerable.Range(0, Journeys).Select(_ => Samples.Prism(Samples.PersonalLoan)).ToList();
        (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 30, errorRate = 0.2, throttleRate = 0.1, dropRate = 0.05 })).Dispose();
        try
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (input, customerId, _) in loans)
            {
                ids[await _api.StartAsync(Samples.PersonalLoan, input)] = customerId;
            }

            var clock = Stopwatch.StartNew();
            var ended = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            while (ended.Count < ids.Count)
            {
                // A guard against a hang, not a measurement: the figures asserted below are counts.
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(10), $"Not all journeys ended: {string.Join(", ", ids.Keys.Except(ended.Keys))}\n{_deployment.Diagnostics()}");
                foreach (var id in ids.Keys.Where(id => !ended.ContainsKey(id)))
                {
                    var instance = await _api.GetAsync(id);
                    if (Status(instance) is "Completed" or "Cancelled")
                    {
                        ended[id] = instance;
                    }
                    else if (Status(instance) == "Faulted" && instance["incident"]?["errorKind"]?.GetValue<string>() == "OutcomeUnknown")
                    {
                        // A dropped connection on a money call (agreement or disbursal trigger) is an outcome the lender's
                        // document gives no way to learn: by design (issue 16) the step asks the operator and never resends on
                        // its own. The operator's answer here is "not sent": the re-trigger is deduplicated by FinBox
                        // (FBX-S-208), which the disbursal count below proves. Counted apart from the transient-fault budget.
                        using var decide = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", null);
                        Assert.True(decide.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"confirm-not-sent answered {(int)decide.StatusCode}");
                    }
                    else if (Status(instance) == "Faulted")
                    {
                        // The operator's work this test counts: retrying the incident.
                        using var retry = await _api.PostAsync($"api/instances/{id}/incident/retry", null);
                        Assert.True(retry.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"retry answered {(int)retry.StatusCode}");
                    }
                }

                await Task.Delay(Poll.Interval);
            }

            var needingOperator = new List<string>();
            var deferrals = 0;
            var moneyDecisions = 0;
            foreach (var id in ids.Keys)
            {
                var journal = await _api.JournalAsync(id);
                var raised = journal.Where(e => e!["kind"]!.GetValue<string>() == "IncidentRaised").ToList();
                var incidents = raised.Where(e => e!["data"]?["errorKind"]?.GetValue<string>() != "OutcomeUnknown").ToList();
                moneyDecisions += raised.Count - incidents.Count;
                deferrals += journal.Count(e => e!["kind"]!.GetValue<string>() == "StepDeferred");
                if (incidents.Count > 0)
                {
                    needingOperator.Add($"{id}: {string.Join("; ", incidents.Select(e => $"{e!["stepId"]} {e["data"]!["errorKind"]} after {e["data"]!["attempts"]} attempts"))}");
                }
            }

            output.WriteLine($"{Journeys} personal loans ended in {clock.Elapsed.TotalSeconds:F1} s; needed an operator for transient faults: {needingOperator.Count}; outcome-unknown money calls decided by the operator: {moneyDecisions}; steps deferred for an open circuit: {deferrals}");
            needingOperator.ForEach(output.WriteLine);
            Assert.All(ended.Values, i => Assert.Equal(("Completed", "Disbursed"), (Status(i), Outcome(i))));
            foreach (var customerId in ids.Values)
            {
                Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
            }

            Assert.True(needingOperator.Count <= OperatorBudget, $"{needingOperator.Count} of {Journeys} journeys needed an operator:\n{string.Join('\n', needingOperator)}");
        }
        finally
        {
            (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 0, errorRate = 0.0, throttleRate = 0.0, dropRate = 0.0 })).Dispose();
        }
    }
}
