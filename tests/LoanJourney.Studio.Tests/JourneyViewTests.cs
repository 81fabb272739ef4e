using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

[Collection(StudioTestGroup.Name)]
public sealed class JourneyViewTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";
    private const string PayLaterApp = "CFAPP-DEMO-1234";

    [Fact]
    public async Task OpeningAJourneyHighlightsTheStepItWaitsAt()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", TimeSpan.FromSeconds(20), "waiting at otp");

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");

        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Waiting");
        await Expect(studio.TestId("current-step")).ToHaveTextAsync("otp");
        await Expect(studio.StepNode("otp")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(studio.StepNode("block")).ToHaveAttributeAsync("data-state", "done");
        await Expect(studio.StepNode("tranche")).ToHaveAttributeAsync("data-state", "not-reached");
        await Expect(studio.TestId("waiting-for").Locator("li[data-kind='signal']").First).ToContainTextAsync("otp");
        await Expect(studio.TestId("waiting-for").Locator("li[data-kind='timer']")).ToContainTextAsync("timeout");
        await Expect(studio.TestId("lender-call").First).ToContainTextAsync("/paylater/block");
        await studio.ScreenshotAsync("journey");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PayLaterOtpSentFromTheFormDisburses()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.StepNode("otp")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(studio.TestId("signal-name")).ToHaveValueAsync("otp");

        var otp = await fixture.Api.ReadOtpAsync(PayLaterApp, id);
        await studio.TestId("signal-secret").FillAsync(otp);
        await Expect(studio.TestId("signal-secret")).ToHaveAttributeAsync("type", "password");
        await studio.TestId("signal-send").ClickAsync();

        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(studio.TestId("journey-outcome")).ToHaveTextAsync("Disbursed");
        await Expect(studio.StepNode("otp")).ToHaveAttributeAsync("data-state", "done");
        await Expect(studio.StepNode("tranche")).ToHaveAttributeAsync("data-state", "done");
        await Expect(studio.TestId("signal-form")).ToHaveCountAsync(0);
        Assert.DoesNotContain(otp, await studio.TestId("journal").InnerTextAsync(), StringComparison.Ordinal);
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AFaultedJourneyIsRetriedFromTheStudioAndCompletes()
    {
        // Sandbox scenario 0007: KYC answers FAILED (CKYC_FAILED) once, APPROVED on a re-trigger: an incident at kyc.
        var id = await fixture.Api.StartAsync("finbox-personal-loan", JourneyApi.Sample("finbox-personal-loan", new Dictionary<string, string>
        {
            ["customerId"] = Ids.Customer("KYC"),
            ["mobile"] = Ids.Mobile("0007"),
        }));

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.TestId("incident")).ToHaveAttributeAsync("data-step-id", "kyc", new() { Timeout = 60_000 });
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Faulted");
        await Expect(studio.StepNode("kyc")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(studio.TestId("incident-message")).ToContainTextAsync("CKYC_FAILED");
        await studio.ScreenshotAsync("journey-incident");

        await studio.TestId("incident-retry").ClickAsync();

        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Expect(studio.TestId("journey-outcome")).ToHaveTextAsync("Disbursed");
        await Expect(studio.TestId("incident")).ToHaveCountAsync(0);
        await Expect(studio.StepNode("kyc")).ToHaveAttributeAsync("data-state", "done");
        await Expect(studio.TestId("journal").Locator("[data-kind='IncidentRetried']")).ToHaveCountAsync(1);
        studio.AssertNoConsoleErrors();
    }
}
