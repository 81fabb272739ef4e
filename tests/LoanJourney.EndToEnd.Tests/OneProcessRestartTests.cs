using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using Xunit.Abstractions;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The default run, as a newcomer starts it: one server process in Development with the embedded sandbox, on a free port
/// given only through <c>ASPNETCORE_URLS</c>, no lender URL configured. Every sample and the rejection scenarios of the README
/// table run while the process is SIGKILLed three times — while journeys poll, while a pay-later journey waits for its OTP,
/// while webhooks are queued in the sandbox's outbox — and restarted on the same data folder. Every journey must end as the
/// scenario table says, and the sandbox's persisted counters must show each once-only lender call took effect exactly once.
/// </summary>
public sealed class OneProcessRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180); // a safety net on a loaded machine: waits end when their condition holds
    private static readonly string[] PollingSteps = ["bre", "banking", "kyc", "agreement", "disburse"];
    private Deployment? _deployment;

    private Deployment Deployment => _deployment!;

    public async Task InitializeAsync() => _deployment = await Deployment.StartOneProcessAsync("one-process");

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Fact]
    public async Task DefaultRunKilledWhilePollingWaitingForAnOtpAndHoldingWebhooksFinishesEveryJourneyAsTheScenarioTableSays()
    {
        var clock = Stopwatch.StartNew();
        var api = Deployment.Journeys;
        var journeys = Plan();

        // The default run's documented key is the Admin "dev": the name its actions carry in the audit trail and the Studio.
        var session = System.Text.Json.Nodes.JsonNode.Parse(await Deployment.Api.GetStringAsync(new Uri("api/session", UriKind.Relative)))!;
        Assert.Equal(("dev", "Admin"), (session["name"]!.GetValue<string>(), session["role"]!.GetValue<string>()));

        // The sandbox holds its webhooks from the start, so some are surely queued when the first kill comes.
        await HoldWebhooksAsync(true);
        foreach (var journey in journeys)
        {
            journey.Id = await api.StartAsync(journey.Workflow, journey.Input, journey.Key);
        }

        var payLater = journeys.Single(j => j.Workflow == Samples.PayLater && j.Expected == "Disbursed");
        var moments = new List<string>();

        // 1. While journeys poll (a Prism journey waits on its poll timer) and webhooks sit in the outbox.
        await UntilAsync(async () => await AnyPollingAsync(journeys) && await PendingWebhooksAsync() > 0, "a journey polling and webhooks queued");
        moments.Add($"polling, {await PendingWebhooksAsync()} webhook(s) queued");
        await RestartAsync();

        // 2. While the pay-later journey waits for the borrower's OTP (its block and OTP live in the sandbox's state only).
        await api.WaitForSignalAsync(payLater.Id, "otp");
        moments.Add("pay-later waiting for its OTP");
        await RestartAsync();

        // 3. While webhooks are queued again: one more SDK borrower signs up with deliveries held (its user_created webhook at least).
        await HoldWebhooksAsync(true);
        var (lateInput, lateCustomer, latePartner) = Samples.SdkJourney();
        var late = new Journey(Samples.Sdk, "1234", lateInput, "Disbursed", lateCustomer, latePartner, Once());
        late.Id = await api.StartAsync(late.Workflow, late.Input, late.Key);
        journeys.Add(late);
        await UntilAsync(async () => await PendingWebhooksAsync() > 0, "webhooks queued");
        moments.Add($"{await PendingWebhooksAsync()} webhook(s) queued");
        await RestartAsync();

        // The borrower types the OTP the sandbox sent before the kills.
        var (appId, orderId) = (payLater.Effects, payLater.OrderId!);
        await api.WaitForSignalAsync(payLater.Id, "otp");
        using (var sent = await api.SignalAsync(payLater.Id, "otp", new JsonObject { ["otp"] = await api.OtpAsync(appId, orderId) }))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        foreach (var journey in journeys)
        {
            var done = await api.WaitEndedAsync(journey.Id, Deadline);
            Assert.True((Status(done), Outcome(done)) == ("Completed", journey.Expected), $"{journey}: {done.ToJsonString()}");
        }

        var counters = await api.AllCountersAsync();
        foreach (var journey in journeys)
        {
            var mine = counters.GetValueOrDefault(journey.Effects) ?? new Dictionary<string, int>();
            foreach (var (operation, times) in journey.Once)
            {
                Assert.True(mine.GetValueOrDefault(operation) == times, $"{journey}: {operation} took effect {mine.GetValueOrDefault(operation)} times, expected {times}");
            }

            if (journey.PartnerRef is not null)
            {
                var shares = counters.GetValueOrDefault(journey.PartnerRef) ?? new Dictionary<string, int>();
                Assert.True(shares.GetValueOrDefault("tokenShare") == 1, $"{journey}: the partner received {shares.GetValueOrDefault("tokenShare")} decisions");
            }
        }

        output.WriteLine($"{journeys.Count} journeys, SIGKILLs: {string.Join("; ", moments)}; {Deployment.ServerStarts} server starts; {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Every sample of workflows/samples/ (happy path) and the README's rejection scenarios, with what each must end as.</summary>
    private static List<Journey> Plan()
    {
        var plan = new List<Journey>();
        foreach (var workflow in new[] { Samples.PersonalLoan, Samples.EdiLoan })
        {
            var (input, customerId, partnerRef) = Samples.Prism(workflow);
            plan.Add(new(workflow, "1234", input, "Disbursed", customerId, partnerRef, Once(("disbursal", 1), ("agreement", 1))));
        }

        foreach (var (scenario, agreements) in new[] { ("0000", 0), ("0013", 0), ("0004", 0), ("0005", 1) })
        {
            var (input, customerId, partnerRef) = Samples.Prism(Samples.PersonalLoan, scenario);
            plan.Add(new(Samples.PersonalLoan, scenario, input, "Rejected", customerId, partnerRef, Once(("disbursal", 0), ("agreement", agreements))));
        }

        foreach (var (scenario, expected) in new[] { ("1234", "Disbursed"), ("0000", "Rejected"), ("0006", "Rejected"), ("0009", "EligibilityUnavailable") })
        {
            var (input, customerId, partnerRef) = Samples.SdkJourney(scenario);
            if (scenario == "0009")
            {
                input["eligibilityTimeout"] = "00:00:02";
            }

            plan.Add(new(Samples.Sdk, scenario, input, expected, customerId, scenario == "0009" ? null : partnerRef, Once()));
        }

        foreach (var (scenario, expected) in new[] { ("1234", "Disbursed"), ("0020", "Rejected"), ("0021", "LimitExceeded") })
        {
            var (input, appId, orderId) = Samples.PayLaterJourney(scenario);
            var effects = expected == "Disbursed" ? Once(("block", 1), ("tranche", 1)) : Once(("block", 0), ("tranche", 0));
            plan.Add(new(Samples.PayLater, scenario, input, expected, appId, null, effects) { OrderId = orderId });
        }

        foreach (var scenario in new[] { "1234", "0010", "0011", "0012" })
        {
            var (input, customerRef, loanCustomerId) = Samples.HandshakeJourney(scenario);
            var disbursed = scenario is "1234" or "0010";
            plan.Add(new(Samples.Handshake, scenario, input, disbursed ? "Disbursed" : "Rejected", loanCustomerId, disbursed ? customerRef : null,
                disbursed ? Once(("disbursal", 1), ("agreement", 1)) : Once(("disbursal", 0), ("agreement", 0))));
        }

        return plan;
    }

    private static Dictionary<string, int> Once(params (string Operation, int Times)[] effects) =>
        effects.ToDictionary(e => e.Operation, e => e.Times, StringComparer.Ordinal);

    private async Task RestartAsync()
    {
        Deployment.KillServer();
        await Deployment.StartServerAsync();
    }

    private async Task<bool> AnyPollingAsync(List<Journey> journeys)
    {
        foreach (var journey in journeys.Where(j => j.Workflow is Samples.PersonalLoan or Samples.EdiLoan))
        {
            var instance = await Deployment.Journeys.GetAsync(journey.Id);
            if (Status(instance) == "Waiting" && instance["currentStep"]?.GetValue<string>() is { } step && PollingSteps.Contains(step))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<int> PendingWebhooksAsync() =>
        (await Deployment.Sandbox.GetFromJsonAsync<JsonObject>("sandbox/outbound/hold"))!["pending"]!.GetValue<int>();

    private async Task HoldWebhooksAsync(bool hold)
    {
        using var response = await Deployment.Sandbox.PutAsJsonAsync("sandbox/outbound/hold", new { hold });
        response.EnsureSuccessStatusCode();
    }

    private Task<bool> UntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, ok => ok, Deadline, _ => $"{what}\n{Deployment.Diagnostics()}");

    private sealed record Journey(string Workflow, string Scenario, JsonObject Input, string Expected, string Effects, string? PartnerRef, Dictionary<string, int> Once)
    {
        public string Id { get; set; } = "";

        public string? OrderId { get; init; }

        public string Key { get; } = Guid.NewGuid().ToString("N");

        public override string ToString() => $"{Workflow} scenario {Scenario} ({Id})";
    }
}
