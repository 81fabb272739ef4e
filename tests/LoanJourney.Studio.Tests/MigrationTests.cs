using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>Issue 14 in the Studio: the "Move waiting journeys" wizard on a definition version, and the "Alter" menu on a journey.</summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class MigrationTests(StudioFixture fixture)
{
    // v1 waits at "review"; v2 renames it "approval" and adds "note" after it.
    internal static JsonObject Definition(string id, bool second) => JsonNode.Parse($$"""
        {
          "id": "{{id}}", "version": 1, "title": "Move test",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "variables": { "label": "none"{{(second ? ", \"note\": null" : "")}} },
          "start": "{{(second ? "approval" : "review")}}",
          "steps": [
            { "id": "{{(second ? "approval" : "review")}}", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "{{(second ? "note" : "end")}}", "Timeout": "other" } },
            {{(second ? """{ "id": "note", "activity": "Core.SetVariable", "inputs": { "name": "note", "value": "v2" }, "next": { "Done": "end" } },""" : "")}}
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } },
            { "id": "other", "activity": "Core.End", "inputs": { "outcome": "Other" } }
          ]
        }
        """)!.AsObject();

    private async Task<(string Id, List<string> Journeys)> TwoVersionsWithWaitingJourneysAsync(int journeys)
    {
        var id = "move-" + Guid.NewGuid().ToString("N")[..8];
        var revision = await fixture.Api.SaveDraftAsync(Definition(id, second: false));
        await fixture.Api.PublishAsync(id, revision);
        var started = new List<string>();
        for (var i = 0; i < journeys; i++)
        {
            var journey = await fixture.Api.StartAsync(id, new JsonObject { ["customerId"] = $"CUST-MOVE-{i}" });
            await fixture.Api.WaitUntilAsync(journey, j => (string?)j["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at review");
            started.Add(journey);
        }

        await fixture.Api.PublishAsync(id, await fixture.Api.NewDraftAsync(Definition(id, second: true)));
        return (id, started);
    }

    [Fact]
    public async Task TheMoveWizardMapsTheRenamedStep_ShowsTheDryRun_AndMovesTheJourneys()
    {
        var (id, journeys) = await TwoVersionsWithWaitingJourneysAsync(2);
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}?version=1");

        await studio.TestId("move-journeys").ClickAsync();
        await Expect(studio.TestId("move-target")).ToHaveValueAsync("2");

        // What v2 changes, before mapping anything (session 27): the renamed step is named, and its id's line is marked.
        await studio.TestId("version-changes").Locator("summary").ClickAsync();
        await Expect(studio.TestId("version-changes-summary")).ToContainTextAsync("Steps not in v2: review");
        await Expect(studio.TestId("version-changes").Locator("td[data-kind='del']").First).ToBeVisibleAsync();
        await Expect(studio.TestId("version-changes").Locator("td[data-kind='ins']").Filter(new() { HasText = "approval" }).First).ToBeVisibleAsync();
        await studio.ScreenshotAsync("move-wizard-changes");

        await studio.TestId("move-dry-run").ClickAsync();
        await Expect(studio.TestId("move-summary")).ToContainTextAsync("0 of 2 journeys can move");
        await Expect(studio.TestId("move-row").First).ToContainTextAsync("map it");

        await studio.TestId("map-review").SelectOptionAsync("approval");
        await studio.TestId("move-dry-run").ClickAsync();
        await Expect(studio.TestId("move-summary")).ToContainTextAsync("2 of 2 journeys can move");
        await Expect(studio.Page.Locator("[data-testid='move-row'][data-can-migrate='true']")).ToHaveCountAsync(2);
        // Session 53: each journey's row says what the move does to its position (from the server's answer), before and after.
        await Expect(studio.TestId("move-position")).ToHaveTextAsync(["moves from step review to step approval, keeping its wait", "moves from step review to step approval, keeping its wait"]);
        await studio.ScreenshotAsync("move-wizard-dry-run");

        // The reason is a box as wide as the panel, under its label, the button under it (walk 42: a 20-column box beside
        // "Reason", a sentence cut after a few words).
        var reason = studio.TestId("move-reason");
        var box = (await reason.BoundingBoxAsync())!;
        var panel = (await studio.TestId("move-wizard").BoundingBoxAsync())!;
        Assert.True(box.Width >= panel.Width * 0.85, $"the reason box is {box.Width} px wide in a panel of {panel.Width} px");
        var label = (await studio.TestId("move-wizard").GetByText("Reason (required)").BoundingBoxAsync())!;
        var apply = (await studio.TestId("move-apply").BoundingBoxAsync())!;
        Assert.True(box.Y >= label.Y + label.Height - 1, $"the reason box (top {box.Y}) is beside its label (top {label.Y}, height {label.Height}), not under it");
        Assert.True(apply.Y >= box.Y + box.Height - 1, $"the Move button (top {apply.Y}) is beside the reason box (top {box.Y}), not under it");

        await reason.FillAsync("v2 renames review");
        await studio.TestId("move-apply").ClickAsync();
        await Expect(studio.TestId("move-summary")).ToContainTextAsync("2 journeys moved to v2");
        await Expect(studio.TestId("move-position")).ToHaveTextAsync(["moved from step review to step approval, keeping its wait", "moved from step review to step approval, keeping its wait"]);

        foreach (var journey in journeys)
        {
            var moved = await fixture.Api.GetInstanceAsync(journey);
            Assert.Equal((2, "approval"), (moved["version"]!.GetValue<int>(), moved["currentStep"]!.GetValue<string>()));
        }

        await studio.GotoAsync($"/journeys/{journeys[0]}");
        await Expect(studio.TestId("journal")).ToContainTextAsync("Migrated");
        studio.AssertNoConsoleErrors();
    }

    // Session 54: a canary. After the dry run the operator chooses the first two of three; they move, the third stays on v1 and
    // the result says so; the next dry run finds only it.
    [Fact]
    public async Task TheMoveWizardMovesOnlyTheJourneysChosen_AndTheRestStayOnTheirVersion()
    {
        var (id, journeys) = await TwoVersionsWithWaitingJourneysAsync(3);
        await using var studio = await fixture.OpenAsync(width: 1366, height: 900);
        await studio.GotoAsync($"/definitions/{id}?version=1");
        await studio.TestId("move-journeys").ClickAsync();
        await Expect(studio.TestId("move-target")).ToHaveValueAsync("2");
        await studio.TestId("map-review").SelectOptionAsync("approval");
        await studio.TestId("move-dry-run").ClickAsync();
        await Expect(studio.TestId("move-summary")).ToContainTextAsync("3 of 3 journeys can move");
        await Expect(studio.TestId("move-chosen")).ToHaveTextAsync("3 of 3 chosen");

        await studio.TestId("move-first-n").FillAsync("2");
        await studio.TestId("move-choose-first").ClickAsync();
        await Expect(studio.TestId("move-chosen")).ToHaveTextAsync("2 of 3 chosen");
        await Expect(studio.TestId("move-apply")).ToHaveTextAsync("Move 2 journeys");
        var left = (await studio.TestId("move-row").Nth(2).Locator("td").Nth(1).InnerTextAsync()).Trim();
        await studio.ScreenshotAsync("move-wizard-choose");
        await studio.TestId("move-reason").FillAsync("canary: two first");
        await studio.TestId("move-apply").ClickAsync();
        await Expect(studio.TestId("move-summary")).ToHaveTextAsync("2 journeys moved to v2; 0 stayed. 1 journey not chosen stays on v1.");
        await Expect(studio.TestId("move-row").Filter(new() { HasText = "not chosen: stays on v1" })).ToContainTextAsync(left);

        var versions = new List<(string, int)>();
        foreach (var journey in journeys)
        {
            versions.Add((journey[^8..], (await fixture.Api.GetInstanceAsync(journey))["version"]!.GetValue<int>()));
        }

        Assert.Equal([(left, 1)], versions.Where(v => v.Item2 == 1));
        Assert.Equal(2, versions.Count(v => v.Item2 == 2));

        await studio.TestId("move-dry-run").ClickAsync();
        await Expect(studio.TestId("move-summary")).ToContainTextAsync("1 of 1 journey can move");
        await Expect(studio.TestId("move-row")).ToContainTextAsync(left);
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheAlterMenuMovesOneWaitingJourneyToTheLatestVersion_AfterTheDryRun_WithAReason()
    {
        // v1 and v2 as in the wizard's test (v2 renames review); v3 keeps review, gives it a timeout (other inputs: the server's
        // stepChange, session 52) and adds note after it.
        var (id, journeys) = await TwoVersionsWithWaitingJourneysAsync(2);
        var v3 = Definition(id, second: false);
        v3["variables"] = new JsonObject { ["label"] = "none", ["note"] = null };
        var steps = v3["steps"]!.AsArray();
        steps[0]!["inputs"]!["timeout"] = "7.00:00:00";
        steps[0]!["next"]!["Received"] = "note";
        steps.Insert(1, new JsonObject
        {
            ["id"] = "note", ["activity"] = "Core.SetVariable",
            ["inputs"] = new JsonObject { ["name"] = "note", ["value"] = "v3" }, ["next"] = new JsonObject { ["Done"] = "end" },
        });
        await fixture.Api.PublishAsync(id, await fixture.Api.NewDraftAsync(v3));

        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/journeys/{journeys[0]}");
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-version", "1");
        await studio.TestId("alter-move").ClickAsync();

        // The latest is the default and the server's dry run says it can move; v2 lacks its step, so Move… is disabled with why.
        await Expect(studio.TestId("alter-move-version")).ToHaveValueAsync("3");
        await Expect(studio.TestId("alter-move-check")).ToHaveAttributeAsync("data-can-migrate", "true");
        await Expect(studio.TestId("alter-move-check")).ToHaveTextAsync("Can move: review on v1 → review on v3.");
        // Session 53: what the move does to the journey's step, where the operator decides: the wait v1 started is kept.
        const string Keeps = "keeps the wait v1 started at review, though v3 gives the step other inputs (a go-to-step back starts it again with them)";
        await Expect(studio.TestId("alter-move-position")).ToHaveTextAsync("K" + Keeps[1..] + ".");
        await studio.TestId("alter-move-version").SelectOptionAsync("2");
        await Expect(studio.TestId("alter-move-check")).ToHaveAttributeAsync("data-code", "step_missing");
        await Expect(studio.TestId("alter-move-check")).ToContainTextAsync("Cannot move to v2");
        await Expect(studio.TestId("alter-move-submit")).ToBeDisabledAsync();
        await studio.TestId("alter-move-version").SelectOptionAsync("3");
        await Expect(studio.TestId("alter-move-check")).ToHaveAttributeAsync("data-can-migrate", "true");

        await studio.TestId("alter-move-submit").ClickAsync();
        var dialog = studio.TestId("confirm-dialog");
        await Expect(dialog.GetByTestId("confirm-button")).ToBeDisabledAsync();
        await Expect(dialog.GetByTestId("alter-move-confirm-position")).ToHaveTextAsync($"This journey {Keeps}.");
        await dialog.GetByTestId("move-reason").FillAsync("v3 adds the note step");
        await dialog.GetByTestId("confirm-button").ClickAsync();

        await Expect(studio.TestId("alter-message")).ToHaveTextAsync("Moved to v3 at review: " + Keeps.Replace("keeps", "kept", StringComparison.Ordinal) + ".");
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-version", "3");
        await Expect(studio.TestId("journal")).ToContainTextAsync("Migrated");
        await Expect(studio.TestId("journal")).ToContainTextAsync("kept the wait v1 started at review");
        var moved = await fixture.Api.GetInstanceAsync(journeys[0]);
        Assert.Equal((3, "review", "Waiting"), (moved["version"]!.GetValue<int>(), moved["currentStep"]!.GetValue<string>(), moved["status"]!.GetValue<string>()));
        // Only this journey moved: the other waits on v1.
        Assert.Equal(1, (await fixture.Api.GetInstanceAsync(journeys[1]))["version"]!.GetValue<int>());
        studio.AssertNoConsoleErrors();
    }

    // Walk 50: at 390 px the alter buttons wrap, and each form's first label sat right on the "Move to version…" button (no
    // gap) whenever the journey's workflow had another version to move to (with only one, the note saying so stood between).
    [Fact]
    public async Task AtPhoneWidth_EachAlterFormStartsApartFromTheAlterButtons()
    {
        var (_, journeys) = await TwoVersionsWithWaitingJourneysAsync(1);
        await using var studio = await fixture.OpenAsync(width: 390, height: 844);
        await studio.GotoAsync($"/journeys/{journeys[0]}");
        await Expect(studio.TestId("alter-move")).ToBeEnabledAsync(new() { Timeout = (float)StudioFixture.ExpectDeadline.TotalMilliseconds });
        var forms = studio.TestId("alter-menu").Locator(".alter-form");
        foreach (var (button, field) in new[] { ("alter-goto", "alter-step"), ("alter-variables", "alter-variables-json"), ("alter-move", "alter-move-version") })
        {
            await studio.TestId(button).ClickAsync();
            await Expect(studio.TestId(field)).ToBeVisibleAsync();
            var buttons = (await studio.TestId("alter-move").BoundingBoxAsync())!;
            var form = (await forms.BoundingBoxAsync())!;
            Assert.True(form.Y >= buttons.Y + buttons.Height + 8, $"{button}'s form starts at {form.Y}, {form.Y - buttons.Y - buttons.Height} px below the alter buttons");
        }

        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheAlterMenuEditsVariablesAndGoesToAStep_WithAReason_SeenInTheJournal()
    {
        var id = "alter-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(Definition(id, second: false)));
        var journey = await fixture.Api.StartAsync(id, new JsonObject { ["customerId"] = "CUST-ALTER" });
        await fixture.Api.WaitUntilAsync(journey, j => (string?)j["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at review");

        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/journeys/{journey}");
        await studio.TestId("alter-variables").ClickAsync();
        await studio.TestId("alter-variables-json").FillAsync("""{ "label": "vip" }""");
        await Expect(studio.TestId("alter-submit")).ToBeDisabledAsync();
        await studio.TestId("alter-reason").FillAsync("borrower upgraded");
        await studio.TestId("alter-submit").ClickAsync();
        await Expect(studio.TestId("variables")).ToContainTextAsync("vip");

        await studio.TestId("alter-goto").ClickAsync();
        await studio.TestId("alter-step").SelectOptionAsync("other");
        await studio.TestId("alter-reason").FillAsync("closed by phone");
        await studio.TestId("alter-submit").ClickAsync();

        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(studio.TestId("journey-outcome")).ToHaveTextAsync("Other");
        await Expect(studio.TestId("journal")).ToContainTextAsync("WentToStep");
        await Expect(studio.TestId("journal")).ToContainTextAsync("VariablesSet");
        await studio.ScreenshotAsync("alter-menu");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OnlySecretNamedVariablesAreMasked_AndEditVariablesLeavesThemOut()
    {
        var id = "mask-" + Guid.NewGuid().ToString("N")[..8];
        var definition = Definition(id, second: false);
        definition["variables"] = new JsonObject
        {
            ["label"] = "none",
            ["otpError"] = "The OTP is not correct.",
            ["otpAttempts"] = "2",
            ["partnerToken"] = "tok-abcdefgh1234",
        };
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(definition));
        var journey = await fixture.Api.StartAsync(id, new JsonObject { ["customerId"] = "CUST-MASK" });
        await fixture.Api.WaitUntilAsync(journey, j => (string?)j["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at review");

        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/journeys/{journey}");
        var data = studio.TestId("variables");
        await Expect(data).ToContainTextAsync("The OTP is not correct.");
        await Expect(data).ToContainTextAsync("••••1234");
        await Expect(data).Not.ToContainTextAsync("tok-abcdefgh");

        await studio.TestId("alter-variables").ClickAsync();
        var json = JsonNode.Parse(await studio.TestId("alter-variables-json").InputValueAsync())!.AsObject();
        Assert.Equal("The OTP is not correct.", (string?)json["otpError"]);
        Assert.Equal("2", (string?)json["otpAttempts"]);
        Assert.False(json.ContainsKey("partnerToken"));
        await Expect(studio.TestId("alter-secret-names")).ToContainTextAsync("partnerToken");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ANestedSecretNeverReachesThePage_InTheDataPanelOrEditVariables_AtAnyDepth()
    {
        // Session 52: nested values are a key/value list and secrets are masked at any depth. Since session 53 the server
        // masks them too (docs/server.md, "Secrets in answers"); the page's own mask is kept, and must show what came masked.
        string[] secrets = ["nested-sess-Q4471", "nested-acc-Q9312", "nested-cli-Q5150", "nested-pin-Q4242"];
        var id = "nest-" + Guid.NewGuid().ToString("N")[..8];
        var definition = Definition(id, second: false);
        definition["variables"] = new JsonObject
        {
            ["label"] = "none",
            ["offer"] = new JsonObject { ["amount"] = 250000, ["tenureMonths"] = 24 },
            ["partner"] = new JsonObject
            {
                ["sessionToken"] = secrets[0],
                ["accessToken"] = new JsonObject { ["value"] = secrets[1], ["issuedAt"] = "2026-12-07T10:00:00Z" },
                ["limits"] = new JsonArray(new JsonObject { ["auth"] = new JsonObject { ["client_secret"] = secrets[2], ["pin"] = secrets[3] }, ["limit"] = 50000 }),
            },
        };
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(definition));
        var journey = await fixture.Api.StartAsync(id, new JsonObject { ["customerId"] = "CUST-NEST" });
        await fixture.Api.WaitUntilAsync(journey, j => (string?)j["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at review");

        await using var studio = await fixture.OpenAsync(width: 390, height: 844);
        await studio.GotoAsync($"/journeys/{journey}");
        async Task AssertNoSecretInThePageAsync(string where)
        {
            var html = await studio.Page.ContentAsync();
            foreach (var secret in secrets)
            {
                Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{where}: the page holds {secret}");
            }
        }

        // The deepest key rendered (however it is shown), then the whole page read before anything else is asserted.
        var data = studio.TestId("variables");
        await Expect(data).ToContainTextAsync("client_secret");
        await AssertNoSecretInThePageAsync("the data panel");
        await Expect(data).ToContainTextAsync("₹2,50,000");
        await Expect(data).ToContainTextAsync("••••4471");
        await Expect(data).ToContainTextAsync("••••5150");
        await Expect(data).ToContainTextAsync("₹50,000");

        await studio.TestId("alter-variables").ClickAsync();
        var json = await studio.TestId("alter-variables-json").InputValueAsync();
        Assert.DoesNotContain("sessionToken", json, StringComparison.Ordinal);
        Assert.Contains("offer", json, StringComparison.Ordinal);
        await Expect(studio.TestId("alter-secret-names")).ToContainTextAsync("partner");
        await AssertNoSecretInThePageAsync("Edit variables");
        studio.AssertNoConsoleErrors();
    }
}
