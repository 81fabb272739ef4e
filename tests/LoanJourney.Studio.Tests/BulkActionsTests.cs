using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// A morning with many stuck journeys: an Operator retries every incident the filters match, across pages, and cancels
/// every journey left waiting, each after the server's count and with a reason the audit trail keeps (masked).
/// </summary>
[Collection(StudioTestGroup.Name)]
public sealed class BulkActionsTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";
    private const string PersonalLoan = "finbox-personal-loan";
    private static readonly float Deadline = (float)StudioFixture.JourneyDeadline.TotalMilliseconds;

    [Fact]
    public async Task EveryIncidentTheFiltersMatchIsRetriedAcrossPages_AfterTheCount_AndEveryWaitingJourneyCancelled()
    {
        var correlation = Ids.Customer("BULK");
        // Sandbox scenario 0007: KYC answers FAILED once (an incident at kyc), APPROVED when triggered again.
        var faulted = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            faulted.Add(await fixture.Api.StartAsync(PersonalLoan, JourneyApi.Sample(PersonalLoan, new Dictionary<string, string>
            {
                ["customerId"] = Ids.Customer("BULK"),
                ["mobile"] = Ids.Mobile("0007"),
            }), correlation));
        }

        var waiting = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            waiting.Add(await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation));
        }

        foreach (var id in faulted)
        {
            await fixture.Api.WaitUntilAsync(id, j => (bool?)j["hasIncident"] == true && (string?)j["currentStep"] == "kyc", StudioFixture.JourneyDeadline, "an incident at kyc");
        }

        foreach (var id in waiting)
        {
            await fixture.Api.WaitUntilAsync(id, j => (string?)j["status"] == "Waiting" && (string?)j["currentStep"] == "otp", StudioFixture.JourneyDeadline, "waiting at otp");
        }

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorKey);
        await studio.GotoAsync($"/journeys?correlationId={correlation}&hasIncident=true&take=25");
        await Expect(studio.TestId("page-range")).ToHaveTextAsync("Page 1 · 25 shown · 30 matching");
        await Expect(studio.TestId("bulk-select-matching")).ToHaveCountAsync(0);
        await studio.Page.GetByLabel("Select all journeys on this page").CheckAsync();
        await Expect(studio.TestId("bulk-bar")).ToContainTextAsync("25 selected");
        await studio.TestId("bulk-select-matching").ClickAsync();
        await Expect(studio.TestId("bulk-all-matching")).ToContainTextAsync("All 30 journeys matching the filters are selected");

        await studio.TestId("bulk-retry").ClickAsync();
        var dialog = studio.TestId("confirm-dialog");
        await Expect(dialog.GetByTestId("bulk-filter-count")).ToHaveAttributeAsync("data-matched", "30");
        await Expect(dialog.GetByTestId("confirm-button")).ToHaveTextAsync("Retry 30 journeys");
        await Expect(dialog.GetByTestId("confirm-button")).ToBeDisabledAsync();

        // Between the count and the confirmation another operator retries one journey, which completes: it no longer
        // matches, so the apply touches 29 and says the count was 30.
        var early = faulted[0];
        await fixture.Api.OperateAsync(early, "incident/retry", "retried by hand", ServerProcess.ApiKey);
        await fixture.Api.WaitUntilAsync(early, j => (string?)j["status"] == "Completed", StudioFixture.JourneyDeadline, "completed");

        await dialog.GetByTestId("bulk-filter-reason").FillAsync("CKYC back up, per borrower on 9876543210");
        await dialog.GetByTestId("confirm-button").ClickAsync();
        var result = studio.TestId("bulk-result");
        await Expect(result).ToContainTextAsync("29 retried of 29 matching the filters (30 when counted)", new() { Timeout = Deadline });
        await Expect(result).ToHaveAttributeAsync("data-refused", "0");
        await Expect(studio.TestId("bulk-all-matching")).ToHaveCountAsync(0);

        // The list refreshes live as the retried journeys complete, until none has an incident.
        await Expect(studio.TestId("page-range")).ToHaveTextAsync("0 journeys", new() { Timeout = Deadline });
        foreach (var id in faulted)
        {
            await fixture.Api.WaitUntilAsync(id, j => (string?)j["status"] == "Completed", StudioFixture.JourneyDeadline, "completed");
        }

        var retried = AuditOf(await fixture.Api.ListAuditAsync("action=bulk-retry&take=1000"), faulted);
        Assert.Equal(faulted.Skip(1).Order(), retried.Select(a => (string)a["instanceId"]!).Order());
        Assert.All(retried, a => Assert.Equal("CKYC back up, per borrower on XXXXXX3210", (string?)a["reason"]));
        Assert.All(retried, a => Assert.Equal(TestPrincipals.OperatorName, (string?)a["principal"]));
        Assert.Single(retried.Select(a => (string?)a["data"]?["batchId"]).Distinct());

        // The ten left waiting for their OTP: two pages of five, all cancelled together.
        await studio.GotoAsync($"/journeys?correlationId={correlation}&status=Waiting&take=5");
        await Expect(studio.TestId("page-range")).ToHaveTextAsync("Page 1 · 5 shown · 10 matching");
        await studio.Page.GetByLabel("Select all journeys on this page").CheckAsync();
        await studio.TestId("bulk-select-matching").ClickAsync();
        await studio.TestId("bulk-cancel").ClickAsync();
        await Expect(dialog.GetByTestId("bulk-filter-count")).ToHaveAttributeAsync("data-matched", "10");
        await Expect(dialog.GetByTestId("confirm-button")).ToHaveTextAsync("Cancel 10 journeys");
        await dialog.GetByTestId("bulk-filter-reason").FillAsync("Duplicate applications, borrower on 9876543210");
        await dialog.GetByTestId("confirm-button").ClickAsync();
        await Expect(result).ToContainTextAsync("10 cancelled of 10 matching the filters", new() { Timeout = Deadline });
        await Expect(studio.TestId("page-range")).ToHaveTextAsync("0 journeys", new() { Timeout = Deadline });

        var cancelled = AuditOf(await fixture.Api.ListAuditAsync("action=bulk-cancel&take=1000"), waiting);
        Assert.Equal(waiting.Order(), cancelled.Select(a => (string)a["instanceId"]!).Order());
        Assert.All(cancelled, a => Assert.Equal("Duplicate applications, borrower on XXXXXX3210", (string?)a["reason"]));
        studio.AssertNoConsoleErrors();
    }

    // Walk 47: a bulk retry that took in a money question listed it refused (awaits_decision: "answer it on the journey"),
    // its id as plain text. Each refused id opens its journey now (bulkByFilter.test.tsx); and since the list names the
    // incident's kind (helper opsleft), the bulk retry leaves such a question out and its row opens it.
    [Fact]
    public async Task ABulkRetryLeavesAMoneyQuestionOut_NamingItsKind_AndItsRowOpensTheJourneyToAnswerIt()
    {
        var correlation = Ids.Customer("BULKASK");
        var kyc = await fixture.Api.StartAsync(PersonalLoan, JourneyApi.Sample(PersonalLoan, new Dictionary<string, string>
        {
            ["customerId"] = Ids.Customer("BULKASK"),
            ["mobile"] = Ids.Mobile("0007"),
        }), correlation);
        var question = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation);
        await fixture.Api.WaitUntilAsync(question, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");
        await fixture.Api.SetFaultsAsync(new JsonObject { ["loseAnswerAfterCommit"] = new JsonArray("paylater/tranche") });
        try
        {
            await fixture.Api.SendSignalAsync(question, "otp", new { otp = await fixture.Api.ReadOtpAsync("CFAPP-DEMO-1234", question) });
            await fixture.Api.WaitUntilAsync(question, i => (string?)i["incident"]?["errorKind"] == "OutcomeUnknown", StudioFixture.JourneyDeadline, "an outcome-unknown incident");
        }
        finally
        {
            await fixture.Api.SetFaultsAsync(new JsonObject());
        }

        await fixture.Api.WaitUntilAsync(kyc, i => (string?)i["status"] == "Faulted", StudioFixture.JourneyDeadline, "faulted at kyc");

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorKey);
        await studio.GotoAsync($"/journeys?correlationId={correlation}&hasIncident=true");
        await Expect(studio.TestId("instance-row")).ToHaveCountAsync(2, new() { Timeout = Deadline });
        // Session 47 (helper opsleft): the list names each incident's kind, and the money question is neither counted nor
        // sent by the bulk retry (before, the server refused it with awaits_decision).
        var questionRow = studio.Page.Locator($"[data-testid=instance-row][data-instance-id='{question}']");
        await Expect(questionRow.GetByTestId("incident-badge")).ToHaveTextAsync("incident: OutcomeUnknown · awaits decision");
        await studio.Page.GetByLabel("Select all journeys on this page").CheckAsync();
        await Expect(studio.TestId("bulk-retry")).ToHaveTextAsync("Retry incidents… (1)");
        await studio.TestId("bulk-retry").ClickAsync();
        var dialog = studio.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("retry-left-out")).ToContainTextAsync("1 selected journey asks");
        await dialog.GetByTestId("retry-reason").FillAsync("KYC provider back");
        await dialog.GetByTestId("confirm-button").ClickAsync();

        await Expect(studio.TestId("bulk-result")).ToHaveAttributeAsync("data-ok", "1", new() { Timeout = Deadline });
        await Expect(studio.TestId("bulk-refused")).ToHaveCountAsync(0);
        await questionRow.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-instance-id", question);
        await Expect(studio.TestId("outcome-unknown")).ToBeVisibleAsync();
        studio.AssertNoConsoleErrors();
    }

    private static List<JsonObject> AuditOf(JsonObject page, List<string> ids) =>
        [.. page["items"]!.AsArray().Select(a => a!.AsObject()).Where(a => ids.Contains((string?)a["instanceId"] ?? ""))];
}
