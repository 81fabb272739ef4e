using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// docs/studio.md ("Send a signal"): after an OTP is sent, the form says what the journey did with it, from the signal's answer.
/// Session 48: with Capital Float's circuit breaker open the form said "Signal “otp” sent" while the OTP was never verified and
/// the journey asked for it again. On the breaker group's server, whose Capital Float breaker opens after two failed calls and
/// stays open (the shared server never opens one: ServerProcess).
/// </summary>
[Collection(StudioBreakerTestGroup.Name)]
public sealed class SignalAnswerTests(BreakerStudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";
    private const string PayLaterApp = "CFAPP-DEMO-1234";

    [Fact]
    public async Task AWrongOtpAndOneCapitalFloatCouldNotVerify_AreEachShownAsNotTaken_WithTheReason()
    {
        var api = fixture.Studio.Api;
        var id = await api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");
        var otp = await api.ReadOtpAsync(PayLaterApp, id);

        await using var studio = await fixture.Studio.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");
        await studio.TestId("signal-secret").FillAsync(otp == "000000" ? "111111" : "000000");
        await studio.TestId("signal-send").ClickAsync();

        var result = studio.TestId("signal-result");
        await Expect(result).ToHaveAttributeAsync("data-tone", "warn");
        await Expect(result).ToHaveTextAsync("Signal “otp” not taken; the journey asks for it again. The OTP is not correct. (OtpIncorrect) 2 attempts left.");
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Waiting");

        // Capital Float's circuit opens on another journey's failed calls; the sandbox is then well, but the breaker stays open.
        await api.SetFaultsAsync(new JsonObject { ["errorRate"] = 1 });
        var opener = await api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await JournaledAsync(api, opener, "StepDeferred");
        await api.SetFaultsAsync([]);

        await studio.TestId("signal-secret").FillAsync(otp);
        await studio.TestId("signal-send").ClickAsync();

        await Expect(result).ToHaveAttributeAsync("data-tone", "warn");
        await Expect(result).ToContainTextAsync("Capital Float could not verify the OTP just now; enter it again. (LenderUnavailable) 2 attempts left.");
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Waiting");
        await Expect(studio.StepNode("otp")).ToHaveAttributeAsync("data-state", "waiting");
        Assert.DoesNotMatch($"(?<![0-9]){otp}(?![0-9])", await studio.Page.Locator("body").TextContentAsync() ?? "");
        studio.AssertNoConsoleErrors();
    }

    private static async Task JournaledAsync(JourneyApi api, string id, string kind)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!(await api.GetJournalAsync(id))["items"]!.AsArray().Any(e => (string?)e!["kind"] == kind))
        {
            Assert.True(elapsed.Elapsed < StudioFixture.JourneyDeadline, $"Journey {id} journaled no {kind}.");
            await Task.Delay(100);
        }
    }
}
