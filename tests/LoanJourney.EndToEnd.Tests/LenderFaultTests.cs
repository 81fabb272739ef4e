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
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(10), $"Not all journeys ended: {string.Join(", ", journeys.Keys.Except(ended.Keys))}\n{_deployment.Diagnostics()}");
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
                        if (incident["errorKind"]?.GetValue<string>() == "OutcomeUnknown")
                        {
                            // A money call answered 500 leaves its outcome open (a tranche or a block's release: Capital Float has no
                            // lookup), so the operator asks the lender. This sandbox's random faults answer before the call is
                            // handled: its counters show nothing was drawn or released, and the operator confirms it was not sent.
                            var step = incident["stepId"]!.GetValue<string>();
                            var counter = step == "tranche" ? "tranche" : step == "cancelBlock" ? "blockCancel" : throw new InvalidOperationException($"outcome unknown at {step}");
                            Assert.Equal(0, (await _api.CountersAsync(journey.AppId!)).GetValueOrDefault(counter));
                            using var notSent = await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["reason"] = "fault test: the lender's counters show it was not sent" });
                            Assert.True(notSent.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"confirm-not-sent answered {(int)notSent.StatusCode}");
                            continue;
                        }

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
    /// lender route, at most 3 of 60 personal loans need an operator for any incident but one (outcome-unknown money calls included),
    /// and the sandbox counters show every disbursal and agreement signing took effect once. A dropped agreement or disbursal
    /// trigger is sent again as the same request (FinBox deduplicates it with FBX-S-208), so it needs no operator. The one
    /// exception is by design (session 37, docs/lenders.md): a dropped answer of a call that is not safe to send again (Accept
    /// Offer creates the application, a repeated Trigger Banking is refused STATEMENT_DUPLICATE and would reject the borrower,
    /// Trigger KYC texts another OTP) is a <c>LenderOutcomeUnknown</c> incident for the operator, so those are counted apart,
    /// each checked to be such a call, and the operator retries it after checking the lender (this sandbox drops before handling).
    /// </summary>
    // The personal loan's steps whose call is not safe to send again after a lost answer (FinBoxPrismOperations: no automatic
    // retry, no duplicate answer, no reconciliation before a resend).
    private static readonly string[] NotSafeToRepeat = ["acceptOffer", "banking", "kyc"];

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
            var operated = new HashSet<string>(StringComparer.Ordinal);
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
                    else if (Status(instance) == "Faulted")
                    {
                        // Operator work, whatever its kind: it counts against the budget below.
                        operated.Add(id);
                        using var answer = instance["incident"]?["errorKind"]?.GetValue<string>() == "OutcomeUnknown"
                            ? await _api.PostAsync($"api/instances/{id}/incident/confirm-not-sent", new JsonObject { ["reason"] = "fault test: checked the sandbox" })
                            : await _api.PostAsync($"api/instances/{id}/incident/retry", null);
                        Assert.True(answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"operator answer {(int)answer.StatusCode}");
                    }
                }

                await Task.Delay(Poll.Interval);
            }

            var needingOperator = new List<string>();
            var lostAnswersAsked = new List<string>();
            var deferrals = 0;
            var resent = 0;
            foreach (var id in ids.Keys)
            {
                var journal = await _api.JournalAsync(id);
                var incidents = journal.Where(e => e!["kind"]!.GetValue<string>() == "IncidentCreated").ToList();
                deferrals += journal.Count(e => e!["kind"]!.GetValue<string>() == "StepDeferred");
                resent += journal.Count(e => e!["kind"]!.GetValue<string>() == "Reconcile" && e["data"]?["action"]?.GetValue<string>() == "resend-deduplicated");
                var lostAnswers = incidents.Where(e => e!["data"]!["errorKind"]!.GetValue<string>() == "LenderOutcomeUnknown").ToList();
                Assert.All(lostAnswers, e => Assert.Contains(e!["stepId"]!.GetValue<string>(), NotSafeToRepeat));
                lostAnswersAsked.AddRange(lostAnswers.Select(e => $"{id}: {e!["stepId"]}"));
                if (incidents.Count > lostAnswers.Count)
                {
                    needingOperator.Add($"{id}: {string.Join("; ", incidents.Except(lostAnswers).Select(e => $"{e!["stepId"]} {e["data"]!["errorKind"]} after {e["data"]!["attempts"]} attempts"))}");
                }
                else if (lostAnswers.Count == 0)
                {
                    Assert.DoesNotContain(id, operated);
                }
            }

            var counters = new List<IReadOnlyDictionary<string, int>>();
            foreach (var customerId in ids.Values)
            {
                counters.Add(await _api.CountersAsync(customerId));
            }

            output.WriteLine($"{Journeys} personal loans ended in {clock.Elapsed.TotalSeconds:F1} s; needed an operator: {needingOperator.Count} " +
                $"(budget {OperatorBudget}); triggers resent after a lost answer: {resent}; steps deferred for an open circuit: {deferrals}; " +
                $"duplicate answers (FBX-S-208): disbursal {counters.Sum(c => c.GetValueOrDefault("disbursalDuplicate"))}, agreement {counters.Sum(c => c.GetValueOrDefault("agreementDuplicate"))}");
            needingOperator.ForEach(output.WriteLine);
            output.WriteLine($"lost answers of calls not safe to repeat, asked of the operator by design: {lostAnswersAsked.Count} ({string.Join(", ", lostAnswersAsked)})");
            Assert.All(ended.Values, i => Assert.Equal(("Completed", "Disbursed"), (Status(i), Outcome(i))));
            Assert.All(counters, c => Assert.Equal((1, 1), (c.GetValueOrDefault("disbursal"), c.GetValueOrDefault("agreement"))));
            Assert.True(needingOperator.Count <= OperatorBudget, $"{needingOperator.Count} of {Journeys} journeys needed an operator:\n{string.Join('\n', needingOperator)}");
        }
        finally
        {
            (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 0, errorRate = 0.0, throttleRate = 0.0, dropRate = 0.0 })).Dispose();
        }
    }

    /// <summary>
    /// A burst of HTTP 500 on every lender route opens the lenders' circuit breakers: a step that finds its lender's circuit open
    /// waits for the breaker on a durable timer (journal <c>StepDeferred</c>, its attempt kept) instead of spending an attempt,
    /// and once the lender is back every journey ends disbursed with no operator.
    /// </summary>
    [Fact]
    public async Task AnOpenCircuitDefersTheStepOnADurableTimerInsteadOfSpendingItsAttempts()
    {
        var loans = Enumerable.Range(0, 4).Select(_ => Samples.Prism(Samples.PersonalLoan)).ToList();
        (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 0, errorRate = 1.0, throttleRate = 0.0, dropRate = 0.0 })).Dispose();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (input, customerId, _) in loans)
            {
                ids[await _api.StartAsync(Samples.PersonalLoan, input)] = customerId;
            }

            await Poll.UntilAsync(() => DeferralsAsync(ids.Keys), count => count > 0, TimeSpan.FromSeconds(60), _ => "a step deferred for an open circuit");
        }
        finally
        {
            (await _deployment.Sandbox.PutAsJsonAsync("sandbox/faults", new { latencyMs = 0, errorRate = 0.0, throttleRate = 0.0, dropRate = 0.0 })).Dispose();
        }

        var deferred = new List<JsonNode>();
        foreach (var (id, customerId) in ids)
        {
            Assert.Equal(("Completed", "Disbursed"), (Status(await _api.WaitEndedAsync(id)), Outcome(await _api.GetAsync(id))));
            var journal = await _api.JournalAsync(id);
            Assert.DoesNotContain(journal, e => e!["kind"]!.GetValue<string>() == "IncidentCreated");
            foreach (var deferral in journal.Where(e => e!["kind"]!.GetValue<string>() == "StepDeferred"))
            {
                deferred.Add(deferral!);

                // The attempt is kept: the step's next start after the deferral runs under the same attempt number.
                var restart = journal.Where(e => e!["seq"]!.GetValue<long>() > deferral!["seq"]!.GetValue<long>()
                    && e["kind"]!.GetValue<string>() == "StepStarted" && e["stepId"]?.GetValue<string>() == deferral["stepId"]!.GetValue<string>())
                    .MinBy(e => e!["seq"]!.GetValue<long>());
                Assert.Equal(deferral!["attempt"]!.GetValue<int>(), restart!["attempt"]!.GetValue<int>());
                Assert.Equal("LenderUnavailable", deferral["data"]!["errorKind"]!.GetValue<string>());
                Assert.Contains("CIRCUIT_OPEN", deferral["data"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }

            Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
        }

        Assert.NotEmpty(deferred);
        output.WriteLine($"{ids.Count} personal loans under a 100 % HTTP 500 burst: {deferred.Count} step deferrals for an open circuit, no incident; " +
            string.Join(", ", deferred.Select(d => $"{d["stepId"]} attempt {d["attempt"]} until {d["data"]!["dueAt"]}")));
    }

    private async Task<int> DeferralsAsync(IEnumerable<string> ids)
    {
        var count = 0;
        foreach (var id in ids)
        {
            count += (await _api.JournalAsync(id)).Count(e => e!["kind"]!.GetValue<string>() == "StepDeferred");
        }

        return count;
    }
}
