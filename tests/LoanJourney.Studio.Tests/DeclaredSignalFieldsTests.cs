using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// Session 43: a Core.WaitForSignal that declares its payload's fields, answered from the journey page's send-signal form
/// in Chromium: one input per field (the sensitive one a password box), a payload the server refuses named in the form
/// with the journey still waiting, then a fitting one completes it, and the account number is nowhere on the page.
/// </summary>
[Collection(StudioTestGroup.Name)]
public sealed class DeclaredSignalFieldsTests(StudioFixture fixture)
{
    private const string AccountNumber = "507918273645";

    [Fact]
    public async Task TheSendSignalForm_HasAnInputPerDeclaredField_ShowsARefusalNamingTheField_UntilTheFieldIsEdited_ThenCompletesTheJourney()
    {
        var workflow = "bank-confirm-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(workflow, await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = workflow, ["version"] = 1, ["title"] = "Bank account confirmation", ["start"] = "confirm",
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "confirm", ["activity"] = "Core.WaitForSignal", ["next"] = new JsonObject { ["Received"] = "end" },
                    ["inputs"] = new JsonObject
                    {
                        ["signal"] = "bank-account",
                        ["fields"] = JsonNode.Parse("""
                            [
                              { "name": "accountNumber", "type": "String", "required": true, "pattern": "[0-9]{9,18}", "sensitive": true },
                              { "name": "ifsc", "type": "String", "required": true, "pattern": "[A-Z]{4}0[A-Z0-9]{6}", "description": "The branch IFSC." }
                            ]
                            """),
                    },
                },
                new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Confirmed" } }),
        }));
        var id = await fixture.Api.StartAsync(workflow, new JsonObject());
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at confirm");

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");
        var account = studio.Page.Locator("[data-testid='signal-field'][data-field='accountNumber']");
        var ifsc = studio.Page.Locator("[data-testid='signal-field'][data-field='ifsc']");
        await Expect(account).ToHaveAttributeAsync("type", "password");
        await Expect(ifsc).ToHaveAttributeAsync("type", "text");
        await Expect(studio.TestId("signal-payload")).ToHaveCountAsync(0);

        await account.FillAsync(AccountNumber + "X");
        await ifsc.FillAsync("HDFC0001234");
        await studio.TestId("signal-send").ClickAsync();
        // The server's 400 names the field: its message shows under that field, which has the focus, and no problem box
        // repeats it (walk 44: it was in the box, away from the field).
        var refused = studio.Page.Locator("[data-testid='signal-field-error'][data-field='accountNumber']");
        await Expect(refused).ToContainTextAsync("accountNumber");
        await Expect(account).ToBeFocusedAsync();
        await Expect(account).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await account.GetAttributeAsync("aria-describedby") ?? "";
        Assert.Contains(await refused.GetAttributeAsync("id") ?? "(no id)", describedBy.Split(' '));
        await Expect(studio.TestId("signal-form").GetByTestId("problem")).ToHaveCountAsync(0);
        Assert.DoesNotContain(AccountNumber, await refused.TextContentAsync() ?? "", StringComparison.Ordinal);
        await Expect(account).ToHaveValueAsync(""); // a sensitive value leaves the form whether or not it was taken
        Assert.Equal("Waiting", (string?)(await fixture.Api.GetInstanceAsync(id))["status"]);

        // Editing the field answers its message: it goes at once, not at the next send (session 45).
        await account.FillAsync(AccountNumber);
        await Expect(refused).ToHaveCountAsync(0);
        await Expect(account).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await studio.TestId("signal-send").ClickAsync();
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed");
        var journal = studio.TestId("journal");
        await Expect(journal.Locator("[data-kind='SignalReceived']")).ToHaveCountAsync(1);
        Assert.DoesNotContain(AccountNumber, await studio.Page.Locator("body").TextContentAsync() ?? "", StringComparison.Ordinal);
        studio.AssertNoConsoleErrors(except: "status of 400");
    }

    [Fact]
    public async Task AfterTheOtpIsSentFromTheForm_TheFormIsTheNextWaitsDeclaredFields_WithoutAReload()
    {
        // Walk 44: the form kept the signal it had sent (otp) while the journey waited for another: the select showed the
        // new signal, but the form was still the OTP box, and sending it would have sent "otp" again.
        var workflow = "otp-then-fields-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(workflow, await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = workflow, ["version"] = 1, ["title"] = "OTP, then the delivery", ["start"] = "code",
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "code", ["activity"] = "Core.WaitForSignal", ["next"] = new JsonObject { ["Received"] = "delivery" },
                    ["inputs"] = new JsonObject { ["signal"] = "otp", ["sensitive"] = true },
                },
                new JsonObject
                {
                    ["id"] = "delivery", ["activity"] = "Core.WaitForSignal", ["next"] = new JsonObject { ["Received"] = "end" },
                    ["inputs"] = new JsonObject
                    {
                        ["signal"] = "delivery-confirmed",
                        ["fields"] = JsonNode.Parse("""[{ "name": "deliveryRef", "type": "String", "required": true, "pattern": "DLV-[0-9]{6}" }]"""),
                    },
                },
                new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Delivered" } }),
        }));
        var id = await fixture.Api.StartAsync(workflow, new JsonObject());
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "code" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at code");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/journeys/{id}");
        await studio.TestId("signal-secret").FillAsync("123456");
        await studio.TestId("signal-send").ClickAsync();
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "delivery" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at delivery");
        await Expect(studio.Page.Locator("[data-testid='signal-name'] option")).ToHaveTextAsync(["delivery-confirmed"]);

        var reference = studio.Page.Locator("[data-testid='signal-field'][data-field='deliveryRef']");
        await Expect(reference).ToBeVisibleAsync();
        await Expect(studio.TestId("signal-name")).ToHaveValueAsync("delivery-confirmed");
        await Expect(studio.TestId("signal-secret")).ToHaveCountAsync(0);
        await reference.FillAsync("DLV-123456");
        await studio.TestId("signal-send").ClickAsync();
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed");
        var journal = await fixture.Api.GetJournalAsync(id);
        Assert.Equal(2, journal["items"]!.AsArray().Count(e => (string?)e!["kind"] == "SignalReceived"));
        studio.AssertNoConsoleErrors();
    }
}
