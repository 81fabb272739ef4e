using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

[Collection(SharedDeploymentGroup.Name)]
public sealed class PersonalLoanJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;
    private readonly HttpClient _sandbox = shared.Deployment.Sandbox;

    [Fact]
    public async Task PersonalLoanHappyPathReachesDisbursed()
    {
        var (input, customerId, partnerRef) = Samples.Prism(Samples.PersonalLoan);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.PersonalLoan, input));

        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        Assert.StartsWith("SBXUTR", done["partner"]!["utrNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(input["mobile"]!.GetValue<string>(), done.ToJsonString(), StringComparison.Ordinal);
        var counters = await _api.CountersAsync(customerId);
        Assert.Equal((1, 1), (counters["disbursal"], counters["agreement"]));
        Assert.Equal([true], await _api.TokenSharesAsync(partnerRef));
        var calls = (await _api.JournalAsync(done["id"]!.GetValue<string>())).Where(e => e!["kind"]!.GetValue<string>() == "LenderCall").ToList();
        Assert.Contains(calls, c => c!["data"]!["path"]!.GetValue<string>().EndsWith("/v2/loan/disburse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACancelAfterTheDisbursalIs409NamingTheStep_AndTheJourneyStillEndsDisbursed()
    {
        // The partner is down once the loan is disbursed, so the journey retries the token share; a cancel then cannot undo
        // the disbursal. Before, it was answered 202 and the journey ended Cancelled with the money out, the partner never told.
        var (input, customerId, partnerRef) = Samples.Prism(Samples.PersonalLoan);
        (await _sandbox.PutAsJsonAsync("sandbox/faults", new { dropBeforeCommit = new[] { "application/token" } })).Dispose();
        try
        {
            var id = await _api.StartAsync(Samples.PersonalLoan, input);
            await _api.WaitAsync(id, j => j["steps"]!.AsArray().Any(s => s!["stepId"]!.GetValue<string>() == "shareApproved"), "the token share attempted");

            var response = await _api.PostAsync($"api/instances/{id}/cancel", new JsonObject { ["reason"] = "partner: customer withdrew" });

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(("past_point_of_no_return", "disburse", "Disbursed"),
                (problem["code"]!.GetValue<string>(), problem["stepId"]!.GetValue<string>(), problem["outcome"]!.GetValue<string>()));
            (await _sandbox.PutAsJsonAsync("sandbox/faults", new { })).Dispose();
            var done = await _api.WaitEndedAsync(id);
            Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
            Assert.Equal([true], await _api.TokenSharesAsync(partnerRef));
            Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
        }
        finally
        {
            (await _sandbox.PutAsJsonAsync("sandbox/faults", new { })).Dispose();
        }
    }

    [Theory]
    [InlineData("0000", "bre")]
    [InlineData("0013", "bre")]
    [InlineData("0004", "kyc")]
    [InlineData("0005", "agreement")]
    public async Task PersonalLoanRejectedAtAStepEndsRejectedAndSharesFinalApprovalFalse(string scenario, string rejectingStep)
    {
        var (input, customerId, partnerRef) = Samples.Prism(Samples.PersonalLoan, scenario);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.PersonalLoan, input));

        Assert.Equal(("Completed", "Rejected"), (Status(done), Outcome(done)));
        Assert.Contains(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == rejectingStep && s["outcome"]?.GetValue<string>() == "Rejected");
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
        Assert.False((await _api.CountersAsync(customerId)).ContainsKey("disbursal"));
    }

    [Fact]
    public async Task KycInManualReviewWaitsForTheReviewAndThenGoesOnToDisbursal()
    {
        var (input, customerId, _) = Samples.Prism(Samples.PersonalLoan, "0014");
        var id = await _api.StartAsync(Samples.PersonalLoan, input);

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        var journal = await _api.JournalAsync(id);
        var review = Assert.Single(journal, e => e!["kind"]!.GetValue<string>() == "KycManualReview");
        Assert.Equal("kyc", review!["stepId"]!.GetValue<string>());

        // Every KYC answer that said "in manual review" (status APPROVED, manualReviewRequired true) came before the agreement
        // was asked for: the journey waited for the review instead of reading APPROVED as a decision.
        var inReview = KycPolls(journal).Where(c => c!["data"]!["response"]?["data"]?["outputVariables"]?["manualReviewRequired"]?.GetValue<bool>() == true).ToList();
        Assert.Equal(3, inReview.Count); // the sandbox's KycActionPendingPolls
        var firstAgreement = journal.First(e => e!["kind"]!.GetValue<string>() == "LenderCall" && e["stepId"]?.GetValue<string>() == "agreement");
        Assert.All(inReview, c => Assert.True(c!["seq"]!.GetValue<long>() < firstAgreement!["seq"]!.GetValue<long>()));
        var kyc = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "kyc");
        Assert.Equal("Approved", kyc!["outcome"]!.GetValue<string>());
        Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
    }

    [Fact]
    public async Task KycManualReviewThatEndsInARejectionEndsTheJourneyRejected()
    {
        var (input, customerId, partnerRef) = Samples.Prism(Samples.PersonalLoan, "0015");
        var id = await _api.StartAsync(Samples.PersonalLoan, input);

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal(("Completed", "Rejected"), (Status(done), Outcome(done)));
        Assert.Single(await _api.JournalAsync(id), e => e!["kind"]!.GetValue<string>() == "KycManualReview");
        Assert.Contains(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == "kyc" && s["outcome"]?.GetValue<string>() == "Rejected");
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
        Assert.False((await _api.CountersAsync(customerId)).ContainsKey("agreement"));
    }

    private static IEnumerable<JsonNode?> KycPolls(JsonArray journal) =>
        journal.Where(e => e!["kind"]!.GetValue<string>() == "LenderCall" && e["stepId"]?.GetValue<string>() == "kyc"
            && e["data"]!["method"]!.GetValue<string>() == "GET" && e["data"]!["path"]!.GetValue<string>().Contains("/v2/kyc/details", StringComparison.Ordinal));

    [Fact]
    public async Task PersonalLoanBreFailedOnceIsRetriggeredAndDisburses()
    {
        var (input, _, _) = Samples.Prism(Samples.PersonalLoan, "0001");
        var id = await _api.StartAsync(Samples.PersonalLoan, input);

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal("Disbursed", Outcome(done));
        var breTriggers = (await _api.JournalAsync(id)).Count(e => e!["kind"]!.GetValue<string>() == "LenderCall"
            && e["data"]!["method"]!.GetValue<string>() == "POST" && e["data"]!["path"]!.GetValue<string>().EndsWith("/v2/user/offers", StringComparison.Ordinal));
        Assert.Equal(2, breTriggers);
    }

    [Fact]
    public async Task PersonalLoanKycActionPendingExposesTheSessionUrlToThePartnerAndDisburses()
    {
        // The borrower has not finished the session until the hold is lifted: the URL is shown for as long as that takes,
        // not for the few polls the sandbox answers ACTION_PENDING on its own (too short a moment to see on a busy machine).
        var (input, customerId, _) = Samples.Prism(Samples.PersonalLoan, "0002");
        (await _sandbox.PutAsJsonAsync($"sandbox/finbox/users/{customerId}/kyc-hold", new { hold = true })).EnsureSuccessStatusCode().Dispose();
        var id = await _api.StartAsync(Samples.PersonalLoan, input);

        var pending = await _api.WaitAsync(id, i => i["partner"]?["sessionUrl"] is JsonValue, "the partner block shows the KYC session URL");

        Assert.StartsWith("https://sandbox.invalid/session/", pending["partner"]!["sessionUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SUBMIT_CKYC_OTP", pending["variables"]!["kycAction"]!.GetValue<string>());
        (await _sandbox.PutAsJsonAsync($"sandbox/finbox/users/{customerId}/kyc-hold", new { hold = false })).EnsureSuccessStatusCode().Dispose();
        var done = await _api.WaitEndedAsync(id);
        Assert.Equal("Disbursed", Outcome(done));
        Assert.Null(done["partner"]!["sessionUrl"]);
    }

    [Fact]
    public async Task PersonalLoanBadStatementWaitsForTheReuploadSignalThenDisburses()
    {
        var (input, _, _) = Samples.Prism(Samples.PersonalLoan, "0003");
        var id = await _api.StartAsync(Samples.PersonalLoan, input);
        await _api.WaitForSignalAsync(id, "reupload-statement");

        // A real statement is megabytes: its base64 is over the 1 MB default body limit, and a signal must still take it.
        var statement = new byte[1_500_000];
        "%PDF-1.4\n"u8.CopyTo(statement);
        using var sent = await _api.SignalAsync(id, "reupload-statement", new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["fileName"] = "statement-reupload.pdf", ["contentBase64"] = Convert.ToBase64String(statement) }),
        });

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
    }

    [Fact]
    public async Task PersonalLoanAgreementFailedOnceIsSignedAgainAndDisbursesOnce()
    {
        var (input, customerId, _) = Samples.Prism(Samples.PersonalLoan, "0008");

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.PersonalLoan, input));

        Assert.Equal("Disbursed", Outcome(done));
        var counters = await _api.CountersAsync(customerId);
        Assert.Equal((2, 1), (counters["agreement"], counters["disbursal"]));
    }

    [Fact]
    public async Task PersonalLoanKycFailedLeavesAnIncidentThatARetryResolves()
    {
        var (input, _, _) = Samples.Prism(Samples.PersonalLoan, "0007");
        var id = await _api.StartAsync(Samples.PersonalLoan, input);

        var faulted = await _api.WaitForIncidentAsync(id);
        Assert.Equal("kyc", faulted["incident"]!["stepId"]!.GetValue<string>());
        using (var retry = await _api.PostAsync($"api/instances/{id}/incident/retry", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
    }
}
