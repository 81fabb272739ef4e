using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

[Collection(StudioDesignTestGroup.Name)]
public sealed partial class DesignerTests(StudioFixture fixture)
{
    [Fact]
    public async Task AJourneyBuiltInTheDesignerIsTestedPublishedStartedAndCompletes()
    {
        var id = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        var page = studio.Page;

        // An empty draft, from the Definitions page.
        await studio.GotoAsync("/definitions");
        await studio.TestId("new-workflow").ClickAsync();
        await studio.TestId("new-workflow-id").FillAsync(id);
        await studio.TestId("new-workflow-title").FillAsync("Size branch");
        await studio.TestId("new-workflow-create").ClickAsync();
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await Expect(studio.TestId("workflow-panel")).ToBeVisibleAsync();

        // One start input field.
        await studio.TestId("add-input-field").ClickAsync();
        await studio.TestId("input-field-name").FillAsync("kind");
        await page.GetByLabel("kind is required").CheckAsync();

        // The branch: dragged from the palette onto the empty canvas, away from its middle, and it stays where it was dropped
        // (checked below, once it has long been drawn: the canvas used to fit its view to the first step, moving it to the middle).
        var drop = new TargetPosition { X = 170, Y = 110 };
        await page.Locator("[data-testid='palette-item'][data-activity='Core.Branch']").DragToAsync(studio.TestId("designer-canvas"), new() { TargetPosition = drop });
        await Expect(studio.StepNode("branch")).ToBeVisibleAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "branch");
        await StepInput(studio, "value").FillAsync("$input.kind");
        await StepInput(studio, "cases").FillAsync("[\"Big\", \"Small\"]");

        // An invalid binding is named under its field and in the problems list; saved, the draft says it cannot be published
        // and Publish… is not offered, with the reason (it used to ask for a reason first, then show the server's 422).
        var valueError = studio.TestId("step-editor").Locator("[data-testid='field-error'] li[data-field='inputs.value']");
        await StepInput(studio, "value").FillAsync("$steps.nope.output.x");
        await Expect(valueError).ToContainTextAsync("$steps.nope names a step that does not exist");
        await Expect(StepInput(studio, "value")).ToHaveAttributeAsync("aria-invalid", "true");
        await StepInput(studio, "value").FillAsync("$input.");
        await Expect(valueError).ToContainTextAsync("'$input.' is not a valid reference");
        await studio.TestId("problems-toggle").ClickAsync();
        await Expect(studio.TestId("problems-list").Locator("[data-testid='problem'][data-field='inputs.value']")).ToContainTextAsync("'$input.' is not a valid reference");
        await studio.TestId("problems-toggle").ClickAsync();
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer-message")).ToContainTextAsync("cannot be published until the errors are fixed");
        await Expect(studio.TestId("publish")).ToBeDisabledAsync();
        await Expect(studio.TestId("publish")).ToHaveAttributeAsync("title", new Regex("^Fix the \\d+ problems? first"));
        await StepInput(studio, "value").FillAsync("$input.kind");
        await Expect(valueError).ToHaveCountAsync(0);
        await Expect(page.Locator(".react-flow__node[data-id='branch'] [data-testid='outcome-handle'][data-outcome='Small']")).ToBeVisibleAsync();
        // Visible means seen: the read-only flowchart hides its handles, the designer's must show and name each outcome.
        foreach (var outcome in new[] { "Big", "Small", "Default" })
        {
            var handle = page.Locator($".react-flow__node[data-id='branch'] [data-testid='outcome-handle'][data-outcome='{outcome}']");
            await Expect(handle).ToHaveCSSAsync("opacity", "1");
            await Expect(handle.Locator(".outcome-label")).ToHaveTextAsync(outcome);
        }
        var canvasBox = (await studio.TestId("designer-canvas").BoundingBoxAsync())!;
        var branchBox = (await studio.StepNode("branch").BoundingBoxAsync())!;
        Assert.InRange(branchBox.X + branchBox.Width / 2 - canvasBox.X, drop.X - 2, drop.X + 2);
        Assert.InRange(branchBox.Y + branchBox.Height / 2 - canvasBox.Y, drop.Y - 2, drop.Y + 2);

        // Two ends, added from the keyboard path (the palette item's button). An end without its outcome is an error on it.
        await page.Locator("[data-testid='palette-item'][data-activity='Core.End']").ClickAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "end");
        await Expect(studio.StepNode("end")).ToHaveAttributeAsync("data-errors", NonZero());
        await Expect(studio.TestId("step-editor").Locator("[data-testid='field-error'] li[data-field='inputs.outcome']")).ToBeVisibleAsync();
        await studio.ScreenshotAsync("designer-error");
        await StepInput(studio, "outcome").FillAsync("Big");
        // Fixed; the step is still unreachable from the start until it is wired, and says so.
        await Expect(studio.TestId("step-editor").Locator("[data-testid='field-error'] li[data-field='inputs.outcome']")).ToHaveCountAsync(0);
        await Rename(studio, "big");

        await page.Locator("[data-testid='palette-item'][data-activity='Core.End']").ClickAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "end");
        await StepInput(studio, "outcome").FillAsync("Small");
        await Rename(studio, "small");

        // Wire Big by dragging from the outcome handle to the step; Small from the side panel.
        await page.Locator(".react-flow__node[data-id='branch'] [data-testid='outcome-handle'][data-outcome='Big']").DragToAsync(studio.StepNode("big"));
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);
        await studio.FocusAsync(studio.StepNode("branch"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "branch");
        await studio.TestId("step-editor").Locator("[data-testid='step-next'][data-outcome='Small']").SelectOptionAsync("small");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(2);
        await Expect(studio.TestId("validation-state")).ToHaveAttributeAsync("data-count", "0");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");

        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        await Expect(studio.TestId("save-state")).ToContainTextAsync("revision");

        // Test-run the saved draft against the sandbox (no sample for a new workflow: the panel says the input is required).
        await Expect(studio.TestId("test-run-input-hint")).ToContainTextAsync("required: this workflow has no sample");
        await studio.TestId("test-run-input").FillAsync("{\"kind\": \"Big\"}");
        await studio.TestId("test-run-start").ClickAsync();
        var row = studio.TestId("test-run-results").Locator("[data-testid='test-run-row']").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        await Expect(row).ToHaveAttributeAsync("data-outcome", "Big");
        await Expect(row).ToContainTextAsync("branch (Big) → big");

        // The JSON view shows the same definition.
        await studio.TestId("tab-json").ClickAsync();
        await Expect(studio.TestId("json-editor").Locator(".monaco-editor")).ToContainTextAsync("\"start\": \"branch\"");

        // Publish with the diff against the latest version (none yet: the first version).
        await studio.TestId("publish").ClickAsync();
        await Expect(studio.TestId("publish-summary")).ToContainTextAsync("branch");
        await Expect(studio.TestId("json-diff")).ToContainTextAsync("\"start\": \"branch\"");
        await studio.ScreenshotAsync("designer-publish");
        await studio.TestId("publish-reason").FillAsync("First version of the size branch");
        await studio.TestId("publish-confirm").ClickAsync();
        await Expect(studio.TestId("designer-message")).ToContainTextAsync("Published version 1");

        // Start it from the Studio's form and watch it complete on the Big branch.
        await studio.TestId("start-link").ClickAsync();
        await Expect(studio.TestId("start-form")).ToBeVisibleAsync();
        await Expect(studio.TestId("fill-sample")).ToHaveCountAsync(0);
        await page.Locator("[data-testid='start-input'][data-field='kind']").FillAsync("Big");
        await studio.TestId("idempotency-key").FillAsync(id + "-start-1");
        await studio.TestId("start-submit").ClickAsync();
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(studio.TestId("journey-outcome")).ToHaveTextAsync("Big");
        await Expect(studio.StepNode("big")).ToHaveAttributeAsync("data-state", "done");
        await Expect(studio.StepNode("small")).ToHaveAttributeAsync("data-state", "not-reached");
        await Expect(page.Locator("[data-testid='flowchart'] .react-flow__handle").First).ToHaveCSSAsync("opacity", "0");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task APayLaterDraftsTestRunGetsTheBorrowersOtpFromTheSandboxAndDisburses_AndTheRowSaysSo()
    {
        // A copy of the shipped pay-later journey under an id of its own (no sample: the input is typed in).
        var id = "paylater-tr-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync("capitalfloat-paylater");
        definition["id"] = id;
        await fixture.Api.SaveDraftAsync(definition);
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await studio.TestId("test-run-scenarios").FillAsync("9999");
        await Expect(studio.TestId("test-run-input-hint")).ToContainTextAsync("required: this workflow has no sample");
        await studio.TestId("test-run-input").FillAsync("""{"appId": "CFAPP-DEMO-1234", "amount": 25000, "partner": {"verifiedCustomerRefId": "PARTNER-REF-PAYLATER-1"}}""");

        // Signals that are not an object of payloads are refused in place, and nothing is sent.
        await studio.TestId("test-run-signals").FillAsync("""{"otp": 5}""");
        await studio.TestId("test-run-start").ClickAsync();
        await Expect(studio.Page.Locator("#testrun-signals-error")).ToContainTextAsync("The payload of “otp” must be a JSON object");
        await Expect(studio.TestId("test-run-results")).ToHaveCountAsync(0);

        // Empty: the defaults, so the OTP step is answered with the OTP the sandbox sent the borrower.
        await studio.TestId("test-run-signals").FillAsync("");
        await studio.TestId("test-run-start").ClickAsync();
        var row = studio.TestId("test-run-results").Locator("[data-testid='test-run-row']").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        await Expect(row).ToHaveAttributeAsync("data-outcome", "Disbursed");
        await Expect(row).ToContainTextAsync("otp (Verified) → tranche");
        await Expect(row.GetByTestId("test-run-signals-sent")).ToHaveTextAsync("otp (from the sandbox)");
        studio.AssertNoConsoleErrors();
    }

    // A credit line order starts after the line is open: the run prepares the borrower and the purchase, and ships the order
    // with its default shipment. Before, every scenario of it ended NoCreditLine at the first step.
    [Fact]
    public async Task ACreditLineOrderDraftsTestRunShowsWhatItPrepared_AndTheDefaultShipmentConfirmsTheOrder()
    {
        var id = "creditline-tr-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync("finbox-credit-line-order");
        definition["id"] = id;
        await fixture.Api.SaveDraftAsync(definition);
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await studio.TestId("test-run-input").FillAsync("""{"customerId": "CUST-STUDIO-CL", "partnerTxnID": "ORDER-STUDIO-1"}""");
        await studio.TestId("test-run-start").ClickAsync();

        var active = studio.TestId("test-run-results").Locator("[data-testid='test-run-row'][data-scenario='0030']");
        await Expect(active).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        await Expect(active).ToHaveAttributeAsync("data-outcome", "Confirmed");
        await Expect(active).ToContainTextAsync("purchase (Found) → shipment (Shipped) → confirm (Confirmed) → confirmed");
        await Expect(active.GetByTestId("test-run-prepared")).ToContainTextAsync("borrower CUST-STUDIO-CL-TR");
        await Expect(active.GetByTestId("test-run-prepared")).ToContainTextAsync("(XXXXXX0030), purchase of ₹1,000");
        await Expect(active.GetByTestId("test-run-signals-sent")).ToHaveTextAsync("shipment (the run's default)");
        var inactive = studio.TestId("test-run-results").Locator("[data-testid='test-run-row'][data-scenario='0031']");
        await Expect(inactive).ToHaveAttributeAsync("data-outcome", "CreditLineInactive");
        studio.AssertNoConsoleErrors();
    }

    // Tryout: a scenario's description was only the id cell's hover title, so the table said "0023" and nothing of what the
    // sandbox does for it. It is read under the id, wrapped within the visible part of the table's box at the default size.
    [Fact]
    public async Task ATestRunRowShowsItsScenariosDescriptionUnderTheId_WrappedAndWhole_AtTheDefaultWindowSize()
    {
        var id = "paylater-desc-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync("capitalfloat-paylater");
        definition["id"] = id;
        await fixture.Api.SaveDraftAsync(definition);
        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await studio.TestId("test-run-scenarios").FillAsync("0023");
        await studio.TestId("test-run-input").FillAsync("""{"appId": "CFAPP-DEMO-0023", "amount": 25000}""");
        await studio.TestId("test-run-start").ClickAsync();
        var row = studio.TestId("test-run-results").Locator("[data-testid='test-run-row'][data-scenario='0023']");
        await Expect(row).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });

        var description = row.GetByTestId("test-run-description");
        await Expect(description).ToContainTextAsync("Capital Float sanction on hold");
        await Expect(description).ToContainTextAsync("pay-later ends Rejected at the limit check, no block sent");
        var layout = await description.EvaluateAsync<string>("""
            e => {
              const box = e.closest('.table-scroll'), b = box.getBoundingClientRect(), r = e.getBoundingClientRect();
              const lines = Math.round(r.height / parseFloat(getComputedStyle(e).lineHeight));
              const whole = r.width > 0 && r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && e.scrollWidth <= e.clientWidth && lines > 1;
              return `${whole ? 'whole' : 'cut'}: description ${Math.round(r.left)}-${Math.round(r.right)} in ${lines} lines (text ${e.scrollWidth} in ${e.clientWidth}), box ${Math.round(b.left)}-${Math.round(b.right)}`;
            }
            """);
        Assert.True(layout.StartsWith("whole", StringComparison.Ordinal), layout);
        await studio.TestId("test-run").ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Screenshots, "designer-test-run-description.png") });
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OpeningAPublishedWorkflowWithoutADraftLogsNoFailedRequest()
    {
        // No draft is the normal state of a published workflow: the designer opens its latest version without a 404.
        var id = "nodraft-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(JourneyApi.EndOnly(id, "No draft")));

        await using var studio = await fixture.OpenAsync();
        var drafts = new List<int>();
        studio.Page.Response += (_, response) =>
        {
            if (response.Url.Contains($"/api/workflows/{id}/draft", StringComparison.Ordinal))
            {
                lock (drafts)
                {
                    drafts.Add(response.Status);
                }
            }
        };
        // Awaited: Playwright may raise a response's event after the page has used the answer.
        var draft = studio.Page.WaitForResponseAsync(r => r.Url.Contains($"/api/workflows/{id}/draft", StringComparison.Ordinal));
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        Assert.Equal(204, (await draft).Status);
        lock (drafts)
        {
            Assert.Equal([204], drafts);
        }
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ASaveOverSomeoneElsesNewerSaveIsAConflictNotAnOverwrite()
    {
        var id = "conflict-" + Guid.NewGuid().ToString("N")[..8];
        var definition = JourneyApi.EndOnly(id, "Mine");
        var first = await fixture.Api.SaveDraftAsync(definition);
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000, apiKey: TestPrincipals.DesignerKey);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-revision", first.ToString(System.Globalization.CultureInfo.InvariantCulture));

        definition["title"] = "Theirs";
        await fixture.Api.SaveDraftAsync(definition, first);

        await studio.TestId("workflow-title").FillAsync("Mine, edited");
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("save-conflict")).ToBeVisibleAsync();
        // Whom to talk to: the principal who saved (the API's, "dev"), as the audit trail names principals, and when.
        var theirs = await fixture.Api.GetDraftAsync(id);
        Assert.Equal(TestPrincipals.AdminName, (string?)theirs["savedBy"]);
        await Expect(studio.TestId("save-conflict-who")).ToHaveTextAsync(new Regex($"^{TestPrincipals.AdminName} saved this draft at .+, after you opened it\\.$"));
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");

        await studio.TestId("conflict-reload").ClickAsync();
        await Expect(studio.TestId("workflow-title")).ToHaveValueAsync("Theirs");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        studio.AssertNoConsoleErrors(except: "status of 409");
    }

    // The audit trail showed "—" for every publish: the Studio's dialog now asks why (required, as the API has it), and the
    // audit view shows the reason as the server kept it, with the mobile number it quoted masked.
    [Fact]
    public async Task APublishFromTheDesignerAsksWhy_AndTheAuditViewShowsTheReason()
    {
        var id = "reason-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(JourneyApi.EndOnly(id, "Publish reason"));
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000, apiKey: TestPrincipals.DesignerKey);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");

        await studio.TestId("publish").ClickAsync();
        await Expect(studio.TestId("publish-confirm")).ToBeDisabledAsync();
        await studio.TestId("publish-reason").FillAsync("   ");
        await Expect(studio.TestId("publish-confirm")).ToBeDisabledAsync();
        await studio.TestId("publish-reason").FillAsync("CR-1042: first version, asked for by the borrower on 9876543210");
        await studio.TestId("publish-confirm").ClickAsync();
        await Expect(studio.TestId("designer-message")).ToContainTextAsync("Published version 1");

        await studio.GotoAsync($"/audit?action=publish&workflowId={id}");
        var row = studio.Page.Locator("[data-testid='audit-row'][data-action='publish']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("audit-reason")).ToHaveTextAsync("CR-1042: first version, asked for by the borrower on XXXXXX3210");
        await Expect(row.GetByTestId("audit-principal")).ToHaveTextAsync(TestPrincipals.DesignerName);
        studio.AssertNoConsoleErrors();
    }

    // Walk of session 42 (two PostgreSQL nodes): the publish dialog's reason was a 20-column box beside its label (no rule
    // laid out ReasonField's `.field` outside the outcome-unknown panel), so a reason of one sentence showed three cut lines.
    // The label is now above a box as wide as the dialog's body (session 50: the label wraps the box; its text is `.field-label`).
    [Fact]
    public async Task ThePublishDialogsReasonIsABoxAsWideAsTheDialog_UnderItsLabel()
    {
        var id = "reasonbox-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(JourneyApi.EndOnly(id, "Reason box"));
        await using var studio = await fixture.OpenAsync(width: 1400, height: 1000, apiKey: TestPrincipals.DesignerKey);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");

        await studio.TestId("publish").ClickAsync();
        var reason = studio.TestId("publish-reason");
        await Expect(reason).ToBeVisibleAsync();
        var box = (await reason.BoundingBoxAsync())!;
        var body = (await studio.TestId("publish-dialog").Locator(".dialog-body").BoundingBoxAsync())!;
        var label = (await studio.TestId("publish-dialog").Locator(".field-label").BoundingBoxAsync())!;
        Assert.True(box.Width >= body.Width * 0.9, $"the reason box is {box.Width} px wide in a dialog body of {body.Width} px");
        Assert.True(box.Y >= label.Y + label.Height - 1, $"the reason box (top {box.Y}) is beside its label (top {label.Y}, height {label.Height}), not under it");
        studio.AssertNoConsoleErrors();
    }

    // Walk of session 38 (two nodes, one team): a designer opened version 1 with no draft; another published version 2
    // meanwhile. The first one's save (revision 0, "there was no draft", true again after the publish) was taken, and
    // Publish… compared it with version 1, so version 3 undid version 2's change with nothing said.
    [Fact]
    public async Task ASaveAfterSomeoneElsePublishedIsAConflict_AndSavingOverItShowsWhatItUndoes()
    {
        var id = "published-" + Guid.NewGuid().ToString("N")[..8];
        JsonObject Definition(string title, string stepTitle) => new()
        {
            ["id"] = id, ["version"] = 1, ["title"] = title, ["start"] = "end",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["title"] = stepTitle, ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
        };
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(Definition("Mine", "End")));
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();

        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(Definition("Mine", "Their end"), 0));

        await studio.TestId("workflow-title").FillAsync("Mine, edited");
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("save-conflict")).ToHaveAttributeAsync("data-conflict", "version");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Api.GetDraftAsync(id));

        await studio.TestId("conflict-overwrite").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        await studio.TestId("publish").ClickAsync();
        await Expect(studio.TestId("publish-dialog")).ToContainTextAsync("(after v2)");
        await Expect(studio.TestId("publish-summary")).ToContainTextAsync("Steps changed: end");
        studio.AssertNoConsoleErrors(except: "status of 409");
    }

    // Session 14: the API keeps a draft as sent, valid or not. One that is not definition-shaped (a null step) made the
    // designer page fail as a whole ("Cannot read properties of null"); it now opens as text in the JSON view with the
    // reason, and the fixed text is saved over it.
    [Fact]
    public async Task ADraftThatIsNotDefinitionShaped_OpensInTheJsonView_AndTheFixIsSaved()
    {
        var id = "broken-" + Guid.NewGuid().ToString("N")[..8];
        var end = new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } };
        await fixture.Api.SaveDraftAsync(new JsonObject { ["id"] = id, ["version"] = 1, ["title"] = "Broken", ["start"] = "end", ["steps"] = new JsonArray(end, null) });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");

        await Expect(studio.TestId("json-error")).ToContainTextAsync("steps[1] must be an object");
        await Expect(studio.TestId("tab-json")).ToHaveAttributeAsync("aria-selected", "true");
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("save-refused")).ToContainTextAsync("Not saved: the JSON is not a definition the flowchart can draw");

        var fixedJson = new JsonObject { ["id"] = id, ["version"] = 1, ["title"] = "Fixed", ["start"] = "end", ["steps"] = new JsonArray(end.DeepClone()) };
        await studio.TestId("json-editor").Locator(".view-lines").ClickAsync();
        await studio.Page.Keyboard.PressAsync("Control+A");
        await studio.Page.Keyboard.InsertTextAsync(fixedJson.ToJsonString());
        // Monaco closes brackets as they are typed: whatever follows the inserted text is removed.
        await studio.Page.Keyboard.PressAsync("Shift+Control+End");
        await studio.Page.Keyboard.PressAsync("Delete");
        await Expect(studio.TestId("json-error")).ToHaveCountAsync(0);
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        await Expect(studio.TestId("validation-state")).ToHaveAttributeAsync("data-count", "0");
        await studio.TestId("tab-properties").ClickAsync();
        await Expect(studio.TestId("workflow-title")).ToHaveValueAsync("Fixed");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task LeavingWithUnsavedChangesAsksFirst()
    {
        var id = "leave-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject { ["id"] = id, ["version"] = 1, ["title"] = "Leave", ["start"] = "", ["steps"] = new JsonArray() });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await studio.TestId("workflow-title").FillAsync("Unsaved title");

        // Playwright raises the dialog event on its own: the click can return, and the page be read, before the handler has
        // run. So the test waits for the question itself, and counts that it came once.
        var asked = 0;
        var question = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        studio.Page.Dialog += async (_, dialog) =>
        {
            Interlocked.Increment(ref asked);
            question.TrySetResult(dialog.Type);
            await dialog.DismissAsync();
        };
        await studio.Page.GetByRole(AriaRole.Link, new() { Name = "Journeys" }).ClickAsync();
        Assert.Equal("confirm", await question.Task.WaitAsync(StudioFixture.ExpectDeadline));
        await Expect(studio.TestId("workflow-title")).ToHaveValueAsync("Unsaved title");
        Assert.Equal(1, Volatile.Read(ref asked));
        Assert.Contains($"/definitions/{id}/edit", studio.Page.Url, StringComparison.Ordinal);
        studio.AssertNoConsoleErrors();
    }

    // Tryout (session 24): changing a step's id and then at once its title lost the title, and tabbing out of the id left
    // focus on the page. The step panel was keyed by the step id, so the rename remounted it under the user's hands.
    [Fact]
    public async Task AnEditRightAfterRenamingAStepIsKept_AndTabMovesOnToTheNextField()
    {
        var id = "rename-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Rename", ["start"] = "otp",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "otp", ["activity"] = "Core.End", ["title"] = "Old title", ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
        });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await studio.StepNode("otp").ClickAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "otp");

        // With the mouse path: the new id, then straight into the title (filling it is what blurs the id).
        await studio.TestId("step-id").FillAsync("verifyOtp");
        await studio.TestId("step-title").FillAsync("Verify the OTP");
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "verifyOtp");
        await Expect(studio.TestId("step-title")).ToHaveValueAsync("Verify the OTP");

        // From the keyboard: the new id, Tab, and the title field has the focus; what is typed there stays.
        await studio.TestId("step-id").FillAsync("checkOtp");
        await studio.Page.Keyboard.PressAsync("Tab");
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "checkOtp");
        await Expect(studio.TestId("step-title")).ToBeFocusedAsync();
        await studio.Page.Keyboard.PressAsync("Control+A");
        await studio.Page.Keyboard.TypeAsync("Check the OTP");
        await Expect(studio.TestId("step-title")).ToHaveValueAsync("Check the OTP");

        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        var saved = (await fixture.Api.GetDraftAsync(id))["definition"]!;
        Assert.Equal("checkOtp", saved["start"]!.GetValue<string>());
        var step = Assert.Single(saved["steps"]!.AsArray())!;
        Assert.Equal("checkOtp", step["id"]!.GetValue<string>());
        Assert.Equal("Check the OTP", step["title"]!.GetValue<string>());
        studio.AssertNoConsoleErrors();
    }

    // Session 41 (a CI run): the save and validation states stood before the buttons, so each change of their text moved
    // every button: a click on Publish… sent as "Checking…" turned into "Valid" landed beside it and no dialog opened. The
    // live validation's answer is held here until the button's place is read during "Checking…".
    [Fact]
    public async Task TheToolbarsButtonsStayPut_WhileTheDraftIsCheckedAndEdited()
    {
        var id = "toolbar-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(JourneyApi.EndOnly(id, "Toolbar"));
        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await studio.Page.RouteAsync($"**/api/workflows/{id}/validate", async route =>
        {
            await answer.Task;
            await route.ContinueAsync();
        });
        await studio.GotoAsync($"/definitions/{id}/edit");
        var publish = studio.TestId("publish");
        await Expect(studio.TestId("validation-state")).ToHaveTextAsync("Checking…");
        var checking = (await publish.BoundingBoxAsync())!;

        answer.SetResult();
        await Expect(studio.TestId("validation-state")).ToHaveTextAsync("Valid");
        var valid = (await publish.BoundingBoxAsync())!;
        Assert.True(checking.X == valid.X && checking.Y == valid.Y, $"Publish… at ({checking.X}, {checking.Y}) while checking, at ({valid.X}, {valid.Y}) once valid");

        // An edit turns "Saved · revision 1" into the unsaved state: the buttons stay where they were too.
        await studio.StepNode("end").ClickAsync();
        await studio.TestId("step-title").FillAsync("Edited");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        var edited = (await studio.TestId("save-draft").BoundingBoxAsync())!;
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        var saved = (await studio.TestId("save-draft").BoundingBoxAsync())!;
        Assert.True(edited.X == saved.X && edited.Y == saved.Y, $"Save draft at ({edited.X}, {edited.Y}) unsaved, at ({saved.X}, {saved.Y}) saved");
        studio.AssertNoConsoleErrors();
    }

    // Tryout (session 24): at 1280 and 1500 px the diff's Draft column ran past the dialog's right edge (a plain 1fr column
    // grows to its longest line), so most of what a publish changes could not be read.
    [Fact]
    public async Task ThePublishDialogKeepsBothSidesOfTheDiffInsideIt_LongLinesWrapInTheirOwnPane()
    {
        var id = "diff-" + Guid.NewGuid().ToString("N")[..8];
        var longUrl = "https://docs.example.com/loan-journeys/" + string.Concat(Enumerable.Repeat("a-very-long-path-segment-", 12)) + "end";
        JsonObject Definition(string title) => new()
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Long lines", ["start"] = "end",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["title"] = title, ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
        };
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(Definition("Published: see " + longUrl)));
        await fixture.Api.NewDraftAsync(Definition("Draft: see " + longUrl + "/v2"));

        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        await studio.TestId("publish").ClickAsync();
        var dialog = studio.TestId("publish-dialog");
        await Expect(studio.TestId("json-diff")).ToContainTextAsync("/v2");

        // The line diff (session 27): the title's line removed on the left, beside its replacement on the right, one row.
        var removed = studio.TestId("json-diff").Locator("td[data-kind='del']");
        await Expect(removed).ToHaveCountAsync(1);
        await Expect(removed).ToContainTextAsync("Published: see");
        await Expect(studio.TestId("json-diff").Locator("tr").Filter(new() { Has = studio.Page.Locator("td[data-kind='del']") }).Locator("td[data-kind='ins']")).ToContainTextAsync("/v2");

        var box = (await dialog.BoundingBoxAsync())!;
        var sides = studio.TestId("json-diff").Locator("th");
        Assert.Equal(2, await sides.CountAsync());
        var cells = new[] { sides.Nth(0), sides.Nth(1), removed, studio.TestId("json-diff").Locator("td[data-kind='ins']") };
        for (var i = 0; i < cells.Length; i++)
        {
            var pane = (await cells[i].BoundingBoxAsync())!;
            Assert.True(pane.X >= box.X && pane.X + pane.Width <= box.X + box.Width,
                $"column {i} spans x={pane.X:0}–{pane.X + pane.Width:0}, the dialog x={box.X:0}–{box.X + box.Width:0}");
            var paneOverflow = await cells[i].EvaluateAsync<int>("e => e.scrollWidth - e.clientWidth");
            Assert.True(paneOverflow <= 0, $"cell {i} scrolls sideways by {paneOverflow} px: its long line does not wrap");
        }

        var overflow = await dialog.EvaluateAsync<int>("e => e.scrollWidth - e.clientWidth");
        Assert.True(overflow <= 0, $"the dialog scrolls sideways by {overflow} px");
        await studio.ScreenshotAsync("designer-publish-diff");

        // Its colours and marks pass the same WCAG 2.1 AA scan as every page (AccessibilityTests).
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "publish dialog with a diff", findings);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }

    private static ILocator StepInput(StudioPage studio, string name) =>
        studio.TestId("step-editor").Locator($"[data-testid='step-input'][data-input='{name}']");

    private static async Task Rename(StudioPage studio, string to)
    {
        await studio.TestId("step-id").FillAsync(to);
        await studio.TestId("step-id").PressAsync("Enter");
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", to);
    }

    private static Regex NonZero() => NonZeroPattern();

    [GeneratedRegex("^[1-9][0-9]*$")]
    private static partial Regex NonZeroPattern();
}
