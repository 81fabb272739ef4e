using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    // Walk-through: the header said "2 problems" and nothing listed them. The list opens from the count, names each one's step
    // and field as the server's validator gives them, and a click selects the step on the canvas and opens its panel.
    [Fact]
    public async Task TheProblemsListOpensFromTheCount_NamesEachProblemsStepAndField_AndAClickSelectsTheStep()
    {
        var id = "problems-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Problems", ["start"] = "review",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "review", ["activity"] = "Core.Branch", ["inputs"] = new JsonObject { ["value"] = "x", ["cases"] = new JsonArray("Yes") }, ["next"] = new JsonObject { ["Yes"] = "done", ["Default"] = "done" } },
                new JsonObject { ["id"] = "done", ["activity"] = "Core.End", ["inputs"] = new JsonObject() }),
        });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("done")).ToBeVisibleAsync();

        var toggle = studio.TestId("problems-toggle");
        await Expect(toggle).ToHaveTextAsync("1 problem");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var problem = studio.TestId("problems-list").GetByTestId("problem");
        await Expect(problem).ToHaveCountAsync(1);
        await Expect(problem).ToHaveAttributeAsync("data-step-id", "done");
        await Expect(problem).ToHaveAttributeAsync("data-field", "inputs.outcome");
        await Expect(problem).ToContainTextAsync("Step done");
        await Expect(problem).ToContainTextAsync("outcome");
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "designer problems list", findings);

        await problem.ClickAsync();
        await Expect(studio.StepNode("done")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "done");
        await Expect(studio.TestId("step-editor").Locator("[data-testid='field-error'] li[data-field='inputs.outcome']")).ToBeVisibleAsync();
        // Walk 49: and the field it names has the focus, in view (it stayed below the fold, the keyboard in the list).
        var outcome = studio.TestId("step-editor").Locator("[data-testid='step-input'][data-input='outcome']");
        await Expect(outcome).ToBeFocusedAsync();
        await Expect(outcome).ToBeInViewportAsync();
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }

    // Walk-through: a draft whose steps is null showed the published flowchart and "syntax error". It is JSON: the server's
    // problem is shown, and no flowchart (of this draft or another version).
    [Fact]
    public async Task ADraftWhoseStepsIsNull_ShowsTheServersProblem_AndNoFlowchart()
    {
        var id = "nullsteps-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject { ["id"] = id, ["version"] = 1, ["title"] = "Null steps", ["start"] = "review", ["steps"] = null });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("flowchart-unavailable")).ToBeVisibleAsync();
        await Expect(studio.TestId("save-state")).ToHaveTextAsync("The JSON is not a definition the flowchart can draw");
        await Expect(studio.TestId("designer-canvas")).ToHaveCountAsync(0);
        await studio.TestId("problems-toggle").ClickAsync();
        var problem = studio.TestId("problems-list").GetByTestId("problem");
        await Expect(problem).ToHaveAttributeAsync("data-field", "steps");
        await Expect(problem).ToContainTextAsync("'steps' may not be null");
        studio.AssertNoConsoleErrors();
    }

    // Walk-through: the pay-later OTP step's outcome labels were drawn on top of each other ("VeriAttemptsExhauTimedOut"), and
    // so were the labels of wires into one step ("Share Skipped"). No outcome or wire label overlaps another, on the shipped
    // journeys with the most outcomes, where the designer draws them.
    [Theory]
    [InlineData("capitalfloat-paylater")]
    [InlineData("finbox-edi-loan")]
    public async Task NoOutcomeOrWireLabelOverlapsAnother_OnAShippedJourneysCanvas(string workflowId)
    {
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{workflowId}/edit");
        // The wires are drawn (attached: a straight vertical wire, pay-later v6's partnerAwaits → limit, has an empty bounding box,
        // which Playwright calls hidden though the eye sees its stroke), then the outcome labels.
        await Expect(studio.TestId("designer-canvas").Locator(".react-flow__edge").First).ToBeAttachedAsync();
        await Expect(studio.TestId("designer-canvas").Locator(".outcome-label").First).ToBeVisibleAsync();
        var overlaps = await studio.Page.EvaluateAsync<string[]>("""
            () => {
              const boxes = [...document.querySelectorAll("[data-testid='designer-canvas'] :is(.outcome-label, .react-flow__edge-textwrapper)")]
                .map((e) => ({ t: e.textContent, r: e.getBoundingClientRect() })).filter((b) => b.r.width > 0);
              const hits = [];
              for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i].r, b = boxes[j].r;
                if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits.push(`${boxes[i].t} × ${boxes[j].t}`);
              }
              return hits;
            }
            """);
        Assert.Empty(overlaps);
        if (workflowId == "capitalfloat-paylater")
        {
            await studio.ScreenshotAsync("designer-outcome-labels");
        }

        studio.AssertNoConsoleErrors();
    }

    // Walk-through: a test run said "23" lender calls and showed none. Each call is listed under its scenario, in order, as the
    // journey's journal shows it, with the bodies the journal holds: masked when recorded, never the borrower's data in the clear.
    [Fact]
    public async Task ATestRunListsEveryLenderCallOfAScenario_InOrder_WithTheJournalsMaskedBodies()
    {
        var id = "calls-tr-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync("finbox-personal-loan");
        definition["id"] = id;
        await fixture.Api.SaveDraftAsync(definition);
        var digits = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var pan = $"TRSTU{digits}K";
        var name = "Nandini Studiowala";
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        var person = input["basicDetails"]!["personalDetails"]!;
        (person["pan"], person["name"]) = (pan, name);

        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await studio.TestId("test-run-scenarios").FillAsync("9999");
        await studio.TestId("test-run-input").FillAsync(input.ToJsonString());
        await studio.TestId("test-run-start").ClickAsync();
        var row = studio.TestId("test-run-results").Locator("[data-testid='test-run-row'][data-scenario='9999']");
        await Expect(row).ToHaveAttributeAsync("data-outcome", "Disbursed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });

        var toggle = row.GetByTestId("test-run-calls-toggle");
        var count = int.Parse((await toggle.TextContentAsync())!.Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(count >= 5, $"{count} calls");
        await toggle.ClickAsync();
        var calls = studio.Page.Locator("[data-testid='test-run-calls'][data-scenario='9999'] [data-testid='lender-call']");
        await Expect(calls).ToHaveCountAsync(count);
        var seqs = (await calls.EvaluateAllAsync<long[]>("els => els.map((e) => Number(e.dataset.seq))")).ToList();
        Assert.Equal(seqs.Order().Distinct(), seqs);
        await Expect(calls.First).ToContainTextAsync("createUser");
        await Expect(calls.First.GetByTestId("http-status")).ToHaveTextAsync("200");

        // The details call: its request as the journal holds it, the PAN masked (XXXXX…K); nothing of the borrower in the clear.
        var details = calls.Filter(new() { HasText = "updateDetails" }).First;
        await Expect(details).ToContainTextAsync("POST");
        await details.GetByText("Request (masked)").ClickAsync();
        await Expect(details.Locator("pre.json").First).ToContainTextAsync($"XXXXX{digits}K");
        var text = await studio.TestId("test-run-results").InnerTextAsync(); // what the server answered, not the input typed above
        Assert.DoesNotContain(pan, text, StringComparison.Ordinal);
        Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        Assert.DoesNotContain("9876549999", text, StringComparison.Ordinal); // the sample's mobile with the scenario's digits
        await studio.ScreenshotAsync("designer-test-run-calls");
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "designer test-run calls", findings);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }
}
