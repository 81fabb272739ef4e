using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA rules) over every page of the Studio, each after its content has loaded: no
/// serious or critical violation. Moderate and minor findings are printed, not failed on.
/// </summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class AccessibilityTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";
    private static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public async Task EveryPageHasNoSeriousOrCriticalAxeViolation()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await using var signedOut = await fixture.OpenAsync(signedIn: false);
        await signedOut.GotoAsync("/journeys");
        await Expect(signedOut.Page.GetByLabel("API key")).ToBeVisibleAsync();
        var findings = new List<string>();
        await ScanAsync(signedOut, "sign-in", findings);
        await signedOut.TestId("signin-kind-token").CheckAsync();
        await Expect(signedOut.Page.GetByLabel("Access token")).ToBeVisibleAsync();
        await ScanAsync(signedOut, "sign-in with a token", findings);

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync("/journeys");
        await Expect(studio.Row(id)).ToBeVisibleAsync();
        await ScanAsync(studio, "journeys", findings);

        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.StepNode("otp")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(studio.TestId("journal")).ToBeVisibleAsync();
        await ScanAsync(studio, "journey", findings);

        await studio.GotoAsync("/dashboard?workflowId=" + PayLater);
        await Expect(studio.TestId("funnel")).ToBeVisibleAsync();
        await ScanAsync(studio, "dashboard", findings);

        await studio.GotoAsync($"/definitions/{PayLater}?step=otp");
        await Expect(studio.TestId("step-panel")).ToBeVisibleAsync();
        await ScanAsync(studio, "definitions", findings);

        // The designer on a draft of its own (a copy of the pay-later journey), so that the scan has a real flowchart.
        var draftId = "a11y-" + Guid.NewGuid().ToString("N")[..8];
        var copy = await fixture.Api.ExportAsync(PayLater);
        copy["id"] = draftId;
        await fixture.Api.SaveDraftAsync(copy);
        await studio.GotoAsync($"/definitions/{draftId}/edit");
        await Expect(studio.StepNode("otp")).ToBeVisibleAsync();
        await ScanAsync(studio, "designer", findings);
        await studio.StepNode("otp").ClickAsync();
        await Expect(studio.TestId("step-editor")).ToBeVisibleAsync();
        await ScanAsync(studio, "designer step panel", findings);
        await studio.TestId("tab-json").ClickAsync();
        await Expect(studio.TestId("json-editor").Locator(".monaco-editor")).ToBeVisibleAsync();
        await ScanAsync(studio, "designer JSON view", findings);

        await studio.GotoAsync($"/definitions/{PayLater}/start");
        await Expect(studio.TestId("start-form")).ToBeVisibleAsync();
        await studio.TestId("fill-sample").ClickAsync();
        await Expect(studio.Page.Locator("[data-testid='start-input'][data-field='appId']")).Not.ToHaveValueAsync("");
        // A borrower of its own each time (the sandbox remembers a customer's agreement and disbursal).
        await Expect(studio.Page.Locator("[data-testid='start-input'][data-field='customerId']")).ToHaveValueAsync(new Regex("^CUST-PAYLATER-1-S[0-9a-f]{4}$"));
        await ScanAsync(studio, "start form", findings);

        // What a Viewer sees: the journey without actions, the list without the bulk bar, a designer URL refused.
        await using var viewer = await fixture.OpenAsync(apiKey: TestPrincipals.ViewerKey);
        await viewer.GotoAsync($"/journeys/{id}");
        await Expect(viewer.StepNode("otp")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(viewer.TestId("whoami-role")).ToHaveTextAsync("Viewer");
        await ScanAsync(viewer, "journey (Viewer)", findings);
        await viewer.GotoAsync("/journeys");
        await Expect(viewer.Row(id)).ToBeVisibleAsync();
        await ScanAsync(viewer, "journeys (Viewer)", findings);
        await viewer.GotoAsync($"/definitions/{PayLater}/edit");
        await Expect(viewer.TestId("role-required")).ToBeVisibleAsync();
        await ScanAsync(viewer, "role required (Viewer)", findings);

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
        signedOut.AssertNoConsoleErrors();
        viewer.AssertNoConsoleErrors();
    }

    /// <summary>
    /// The dialogs and flows added after the pages' scan, each scanned while open, in one walk on one server: the sign-in
    /// form's refusal, the Privacy page's erasure (dry run, reason, confirmation, receipt), the journeys list's bulk action
    /// by filter (count, reason, outcome), the Definitions page's Import… (a bad file, the replace confirmation, the
    /// problems list), a journey's Move to version… (dry run, confirmation) and the designer's Publish… dialog. On the way,
    /// what a keyboard and screen-reader user needs of a modal dialog: focus moves in, Tab and Shift+Tab stay inside,
    /// Escape closes it and focus returns to the button that opened it; an error is tied to its field.
    /// </summary>
    [Fact]
    public async Task EveryDialogAndFlowHasNoSeriousOrCriticalAxeViolation_AndKeepsTheKeyboardInside()
    {
        var findings = new List<string>();

        // The sign-in form's refusal: announced (role=alert) and tied to the field it is about.
        await using (var signedOut = await fixture.OpenAsync(signedIn: false))
        {
            await signedOut.GotoAsync("/journeys");
            await signedOut.Page.GetByLabel("API key").FillAsync("not-a-key");
            await signedOut.Page.GetByLabel("API key").PressAsync("Enter");
            await Expect(signedOut.TestId("problem")).ToContainTextAsync("That API key was not accepted");
            await ExpectErrorTiedAsync(signedOut, signedOut.Page.GetByLabel("API key"));
            await ScanAsync(signedOut, "sign-in refused", findings);
            signedOut.AssertNoConsoleErrors(except: "401");
        }

        await using var studio = await fixture.OpenAsync(width: 1366, height: 900);

        // Privacy: the erasure of one borrower, as an Admin.
        var customerId = Ids.Customer("A11Y");
        var erased = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater, new Dictionary<string, string> { ["customerId"] = customerId }));
        await fixture.Api.WaitUntilAsync(erased, i => (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting");
        await studio.GotoAsync("/privacy");
        await Expect(studio.TestId("erasure")).ToBeVisibleAsync();
        await ScanAsync(studio, "privacy", findings);
        await studio.TestId("erasure-customer").FillAsync(customerId);
        await studio.TestId("erasure-dry-run").ClickAsync();
        await Expect(studio.TestId("erasure-plan")).ToBeVisibleAsync();
        await ScanAsync(studio, "privacy: dry run", findings);
        await studio.TestId("erasure-reason").FillAsync("DPDP request 12");
        await studio.TestId("erasure-cancel-first").CheckAsync();
        await ExpectModalKeyboardAsync(studio, studio.TestId("erasure-submit"), studio.TestId("confirm-dialog"));
        await studio.TestId("erasure-submit").ClickAsync();
        await ScanAsync(studio, "privacy: erase confirmation", findings);
        await studio.TestId("confirm-button").ClickAsync();
        await Expect(studio.TestId("erasure-receipt")).ToBeVisibleAsync();
        await ScanAsync(studio, "privacy: receipt", findings);

        // The journeys list: a bulk cancel by filter, its count, reason and outcome.
        var correlation = "a11y-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 2; i++)
        {
            var started = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation);
            await fixture.Api.WaitUntilAsync(started, j => (string?)j["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting");
        }

        await studio.GotoAsync($"/journeys?correlationId={correlation}&status=Waiting&take=1");
        await studio.Page.GetByLabel("Select all journeys on this page").CheckAsync();
        await studio.TestId("bulk-select-matching").ClickAsync();
        await ExpectModalKeyboardAsync(studio, studio.TestId("bulk-cancel"), studio.TestId("confirm-dialog"));
        await studio.TestId("bulk-cancel").ClickAsync();
        var dialog = studio.TestId("confirm-dialog");
        await Expect(dialog.GetByTestId("bulk-filter-count")).ToHaveAttributeAsync("data-matched", "2");
        await ScanAsync(studio, "journeys: bulk cancel by filter", findings);
        await dialog.GetByTestId("bulk-filter-reason").FillAsync("duplicates");
        await dialog.GetByTestId("confirm-button").ClickAsync();
        await Expect(studio.TestId("bulk-result")).ToContainTextAsync("2 cancelled");
        await ScanAsync(studio, "journeys: bulk outcome", findings);

        // A journey's Move to version…: the dry run, then the confirmation.
        var workflow = "a11y-move-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(workflow, await fixture.Api.SaveDraftAsync(MigrationTests.Definition(workflow, second: false)));
        var moving = await fixture.Api.StartAsync(workflow, new System.Text.Json.Nodes.JsonObject { ["customerId"] = "CUST-A11Y-MOVE" });
        await fixture.Api.WaitUntilAsync(moving, j => (string?)j["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at review");
        var v2 = MigrationTests.Definition(workflow, second: false);
        v2["title"] = "Move test, v2";
        await fixture.Api.PublishAsync(workflow, await fixture.Api.NewDraftAsync(v2));
        await studio.GotoAsync($"/journeys/{moving}");
        await studio.TestId("alter-move").ClickAsync();
        await Expect(studio.TestId("alter-move-check")).ToHaveAttributeAsync("data-can-migrate", "true");
        await ScanAsync(studio, "journey: move dry run", findings);
        await ExpectModalKeyboardAsync(studio, studio.TestId("alter-move-submit"), studio.TestId("confirm-dialog"));
        await studio.TestId("alter-move-submit").ClickAsync();
        await ScanAsync(studio, "journey: move confirmation", findings);
        await studio.Page.Keyboard.PressAsync("Escape");

        // The Definitions page's Import…: a bad file, then the replace confirmation and the problems list.
        var imported = "a11y-imp-" + Guid.NewGuid().ToString("N")[..8];
        var definition = MigrationTests.Definition(imported, second: false);
        await fixture.Api.SaveDraftAsync(definition);
        await studio.GotoAsync($"/definitions/{PayLater}");
        await studio.TestId("import-definition").ClickAsync();
        await ScanAsync(studio, "definitions: import", findings);
        await ImportAsync(studio, "broken.json", "{ \"id\": ");
        await Expect(studio.TestId("problem")).ToContainTextAsync("broken.json is not JSON");
        await ExpectErrorTiedAsync(studio, studio.TestId("import-file"));
        await ScanAsync(studio, "definitions: import of a bad file", findings);
        definition["steps"]![1]!["inputs"] = new System.Text.Json.Nodes.JsonObject();
        await ImportAsync(studio, "invalid.json", definition.ToJsonString());
        await Expect(dialog).ToContainTextAsync($"Replace the draft of {imported}?");
        await ScanAsync(studio, "definitions: import replace confirmation", findings);
        await dialog.GetByTestId("confirm-button").ClickAsync();
        await Expect(studio.TestId("problems-list")).ToBeVisibleAsync();
        await ScanAsync(studio, "definitions: import problems list", findings);

        // The designer's Publish… (its scan with a diff is DesignerTests'): the keyboard stays inside it.
        var published = "a11y-pub-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(MigrationTests.Definition(published, second: false));
        await studio.GotoAsync($"/definitions/{published}/edit");
        await Expect(studio.StepNode("review")).ToBeVisibleAsync();
        await Expect(studio.TestId("publish")).ToBeEnabledAsync();
        await ExpectModalKeyboardAsync(studio, studio.TestId("publish"), studio.TestId("publish-dialog"));

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }

    private static async Task ImportAsync(StudioPage studio, string name, string text)
    {
        await studio.TestId("import-file").SetInputFilesAsync(new Microsoft.Playwright.FilePayload { Name = name, MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(text) });
        await studio.TestId("import-submit").ClickAsync();
    }

    /// <summary>The field is marked invalid and described by the announced error (role=alert) shown for it.</summary>
    private static async Task ExpectErrorTiedAsync(StudioPage studio, Microsoft.Playwright.ILocator field)
    {
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        var tied = await field.EvaluateAsync<string>(
            "f => (f.getAttribute('aria-describedby') ?? '').split(' ').map(id => document.getElementById(id)).filter(e => e && e.closest('[role=alert],[aria-live]')).map(e => e.textContent).join(' ')");
        Assert.False(string.IsNullOrWhiteSpace(tied), "the field is not described by an announced error");
        await Expect(studio.TestId("problem")).ToHaveAttributeAsync("role", "alert");
    }

    /// <summary>
    /// The shared Modal (a <c>div role=dialog aria-modal</c>, not a native <c>&lt;dialog&gt;</c>) in Chromium: opened from the
    /// keyboard it takes the focus, Tab and Shift+Tab stay inside, Escape closes it and the focus is back on the opener; while
    /// it is open the page behind is out of reach: the pointer lands on the backdrop, and Chromium's accessibility tree
    /// leaves out what is outside the dialog (what a screen reader reads), as <c>aria-modal</c> asks (session 45, item 6).
    /// </summary>
    [Fact]
    public async Task TheModalKeepsTheKeyboardThePointerAndTheScreenReaderInside_AndGivesTheFocusBack()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");
        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/journeys/{id}");
        var opener = studio.TestId("cancel-journey");
        var dialog = studio.TestId("confirm-dialog");
        await ExpectModalKeyboardAsync(studio, opener, dialog);

        await studio.FocusAsync(opener);
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(dialog.And(studio.Page.Locator(":focus-within"))).ToBeVisibleAsync();
        // The pointer: what lies under the opener's centre is the backdrop, not the page.
        var hit = await opener.EvaluateAsync<string>("b => { const r = b.getBoundingClientRect(); const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return e === b || b.contains(e) ? 'the opener' : e?.className ?? 'nothing'; }");
        Assert.Equal("backdrop", hit);

        // The screen reader: Chromium's own accessibility tree, through the DevTools protocol.
        var cdp = await studio.Page.Context.NewCDPSessionAsync(studio.Page);
        var tree = await cdp.SendAsync("Accessibility.getFullAXTree");
        var outside = new List<string>();
        var inside = new List<string>();
        foreach (var node in tree!.Value.GetProperty("nodes").EnumerateArray())
        {
            var name = node.TryGetProperty("name", out var n) && n.TryGetProperty("value", out var v) ? v.ToString() : "";
            var ignored = node.GetProperty("ignored").GetBoolean();
            var role = node.TryGetProperty("role", out var r) && r.TryGetProperty("value", out var rv) ? rv.ToString() : "";
            if (role == "heading" && name == "Step history" && !ignored)
            {
                outside.Add(name);
            }

            if (role == "button" && name == "Keep" && !ignored)
            {
                inside.Add(name);
            }
        }

        Assert.Single(inside); // the dialog's own button is read
        Assert.True(outside.Count == 0, "the page's Step history heading is still in the accessibility tree behind the open dialog");
        await studio.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// Opened from the keyboard, the dialog has the focus; Tab and Shift+Tab (one more time each than it has controls)
    /// never leave it; Escape closes it and the focus is back on the button that opened it.
    /// </summary>
    private static async Task ExpectModalKeyboardAsync(StudioPage studio, Microsoft.Playwright.ILocator opener, Microsoft.Playwright.ILocator dialog)
    {
        await studio.FocusAsync(opener);
        await studio.Page.Keyboard.PressAsync("Enter");
        // The dialog moves the focus in from an effect, which can run after the frame that showed it: wait for the focus.
        await Expect(dialog.And(studio.Page.Locator(":focus-within"))).ToBeVisibleAsync();
        const string inside = "d => d.contains(document.activeElement)";
        var controls = await dialog.EvaluateAsync<int>("d => d.querySelectorAll('button, [href], input, select, textarea, [tabindex]').length");
        foreach (var key in new[] { "Tab", "Shift+Tab" })
        {
            for (var i = 0; i <= controls; i++)
            {
                await studio.Page.Keyboard.PressAsync(key);
                var where = await studio.Page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing'");
                Assert.True(await dialog.EvaluateAsync<bool>(inside), $"{key} #{i + 1} left the dialog, to {where}");
            }
        }

        await studio.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
    }

    internal static async Task ScanAsync(StudioPage studio, string page, List<string> findings)
    {
        var result = await studio.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        foreach (var v in result.Violations)
        {
            var line = $"{page}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target.ToString())))}";
            if (Blocking.Contains(v.Impact))
            {
                findings.Add(line);
            }
            else
            {
                Console.WriteLine("axe (not blocking): " + line);
            }
        }
    }
}
