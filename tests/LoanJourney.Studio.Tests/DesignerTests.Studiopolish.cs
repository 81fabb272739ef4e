using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// What session 46's designer walk saw and left (docs/studio.md, "Session 46: a Designer's new journey, walked"): the
/// view after *Tidy layout*, wire labels of different steps on one spot, the palette in the Tab order, the names of the
/// next-step selects.
/// </summary>
public sealed partial class DesignerTests
{
    private static JsonObject Chain(string id, params string[] steps)
    {
        var array = new JsonArray();
        for (var i = 0; i < steps.Length; i++)
        {
            array.Add(i == steps.Length - 1
                ? new JsonObject { ["id"] = steps[i], ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } }
                : new JsonObject { ["id"] = steps[i], ["activity"] = "Core.WaitForSignal", ["inputs"] = new JsonObject { ["signal"] = "go" }, ["next"] = new JsonObject { ["Received"] = steps[i + 1] } });
        }
        return new JsonObject { ["id"] = id, ["version"] = 1, ["title"] = "Polish", ["start"] = steps[0], ["steps"] = array };
    }

    private const string AllStepsInsideTheCanvas = """
        () => {
          const canvas = document.querySelector("[data-testid='designer-canvas']").getBoundingClientRect();
          const nodes = [...document.querySelectorAll("[data-testid='designer-canvas'] [data-testid='step-node']")].map((n) => n.getBoundingClientRect());
          return nodes.length > 0 && nodes.every((n) => n.left >= canvas.left - 1 && n.top >= canvas.top - 1 && n.right <= canvas.right + 1 && n.bottom <= canvas.bottom + 1);
        }
        """;

    [Fact]
    public async Task TidyLayout_FitsTheView_SoEveryStepIsOnTheCanvas()
    {
        var id = "tidyfit-" + Guid.NewGuid().ToString("N")[..8];
        var definition = Chain(id, "a", "b", "c");
        // Placed far from where ELK puts steps: the view opens fitted there, and a tidy moves every step near (0, 0).
        definition["layout"] = new JsonObject
        {
            ["a"] = new JsonObject { ["x"] = 4000, ["y"] = 3000 },
            ["b"] = new JsonObject { ["x"] = 4300, ["y"] = 3000 },
            ["c"] = new JsonObject { ["x"] = 4600, ["y"] = 3000 },
        };
        await fixture.Api.SaveDraftAsync(definition);
        await using var studio = await fixture.OpenAsync(width: 1280, height: 720);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("c")).ToBeVisibleAsync();
        await studio.Page.WaitForFunctionAsync(AllStepsInsideTheCanvas, null, new() { Timeout = (float)StudioFixture.ExpectDeadline.TotalMilliseconds });

        await studio.TestId("tidy-layout").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        // Tidied top-down: c below a. Before, the view stayed at (4000, 3000) and every step lay off the canvas.
        await studio.Page.WaitForFunctionAsync("""
            () => {
              const box = (id) => document.querySelector(`[data-testid='designer-canvas'] [data-testid='step-node'][data-step-id='${id}']`).getBoundingClientRect();
              return box('c').top > box('a').bottom;
            }
            """, null, new() { Timeout = (float)StudioFixture.ExpectDeadline.TotalMilliseconds });
        await studio.Page.WaitForFunctionAsync(AllStepsInsideTheCanvas, null, new() { Timeout = (float)StudioFixture.ExpectDeadline.TotalMilliseconds });
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ThePalette_IsOneTabStop_ArrowsMoveInIt_EnterAdds_AndAxeIsClean()
    {
        var id = "palettekeys-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(Chain(id, "wait", "end"));
        await using var studio = await fixture.OpenAsync(width: 1280, height: 720);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();

        await studio.FocusAsync(studio.TestId("palette").GetByRole(AriaRole.Searchbox, new() { Name = "Filter activities" }));
        await page.Keyboard.PressAsync("Tab");
        var first = studio.TestId("palette-item").First;
        await Expect(first).ToBeFocusedAsync();
        // One more Tab leaves the palette (it went through every activity before).
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("outside", await page.EvaluateAsync<string>("() => document.activeElement.closest(\"[data-testid='palette']\") ? 'inside' : 'outside'"));
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(first).ToBeFocusedAsync();

        // The arrows move to Core.End; Enter adds it (selected in the step panel).
        var count = await studio.TestId("palette-item").CountAsync();
        for (var i = 0; i < count && await page.EvaluateAsync<string>("() => document.activeElement.dataset.activity") != "Core.End"; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }
        var endItem = page.Locator("[data-testid='palette-item'][data-activity='Core.End']");
        await Expect(endItem).ToBeFocusedAsync();
        await Expect(endItem).ToHaveAttributeAsync("tabindex", "0");
        await Expect(studio.TestId("palette-item").And(page.Locator("[tabindex='0']"))).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Enter");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await Expect(page.Locator("[data-testid='designer-canvas'] [data-testid='step-node']")).ToHaveCountAsync(3);

        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "designer, palette toolbar", findings);
        // And on a phone (the designer stacks; axe's target size and the sticky bar have bitten there before).
        await page.SetViewportSizeAsync(390, 844);
        await studio.FocusAsync(endItem);
        await AccessibilityTests.ScanAsync(studio, "designer at 390×844, palette toolbar", findings);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ANextStepSelect_IsNamedByItsOutcomeAlone()
    {
        var id = "nextname-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(Chain(id, "wait", "end"));
        await using var studio = await fixture.OpenAsync(width: 1280, height: 720);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await studio.StepNode("wait").ClickAsync();
        var select = studio.TestId("step-editor").Locator("[data-testid='step-next'][data-outcome='Received']");
        await Expect(select).ToHaveValueAsync("end");
        // Found by its label's text, exactly the outcome: with the select inside its label, the label's text was the outcome
        // and every option ("Received(end the journey)End (end)…"), and nothing had the label "Received".
        await Expect(studio.TestId("step-editor").GetByLabel("Received", new() { Exact = true })).ToHaveAttributeAsync("data-outcome", "Received");
        // The name Chromium gives it (its accessibility tree) is the outcome alone; it was before too (the select being
        // named is left out of its own label's text), which this keeps.
        await Expect(select).ToHaveAccessibleNameAsync("Received");
        Assert.Equal("Received", await ChromiumNameAsync(studio, "[data-testid='step-editor'] [data-testid='step-next'][data-outcome='Received']"));
        await select.SelectOptionAsync("");
        Assert.Equal("Received", await ChromiumNameAsync(studio, "[data-testid='step-editor'] [data-testid='step-next'][data-outcome='Received']"));
        studio.AssertNoConsoleErrors();
    }

    /// <summary>The accessible name Chromium gives the element <paramref name="selector"/> finds (DevTools protocol, Accessibility domain).</summary>
    private static async Task<string?> ChromiumNameAsync(StudioPage studio, string selector)
    {
        var cdp = await studio.Page.Context.NewCDPSessionAsync(studio.Page);
        var document = await cdp.SendAsync("DOM.getDocument", new Dictionary<string, object> { ["depth"] = 0 });
        var root = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var found = await cdp.SendAsync("DOM.querySelector", new Dictionary<string, object> { ["nodeId"] = root, ["selector"] = selector });
        var nodeId = found!.Value.GetProperty("nodeId").GetInt32();
        var tree = await cdp.SendAsync("Accessibility.getPartialAXTree", new Dictionary<string, object> { ["nodeId"] = nodeId, ["fetchRelatives"] = false });
        var node = tree!.Value.GetProperty("nodes")[0];
        await cdp.DetachAsync();
        return node.TryGetProperty("name", out var name) ? name.GetProperty("value").GetString() : null;
    }

    [Fact]
    public async Task WireLabelsOfDifferentSteps_AreNotDrawnOnEachOther_OnTheDefinitionsFlowchart()
    {
        // The walk's journey after Tidy layout (ELK's positions), its activities stood in for by branches with the same outcomes.
        var id = "wirelabels-" + Guid.NewGuid().ToString("N")[..8];
        JsonObject Branch(string step, JsonObject next) => new()
        {
            ["id"] = step, ["activity"] = "Core.Branch", ["next"] = next,
            ["inputs"] = new JsonObject { ["value"] = "x", ["cases"] = new JsonArray(next.Select(p => (JsonNode)p.Key).Where(k => k.GetValue<string>() != "Default").ToArray()) },
        };
        JsonObject End(string step) => new() { ["id"] = step, ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = step } };
        JsonObject At(int x, int y) => new() { ["x"] = x, ["y"] = y };
        var definition = new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Wire labels", ["start"] = "createUser",
            ["steps"] = new JsonArray(
                Branch("createUser", new JsonObject { ["Done"] = "otp", ["Rejected"] = "rejected" }),
                Branch("otp", new JsonObject { ["Received"] = "updateDetails", ["TimedOut"] = "timedOut" }),
                Branch("updateDetails", new JsonObject { ["Done"] = "bre", ["Rejected"] = "rejected" }),
                Branch("bre", new JsonObject { ["Approved"] = "reason", ["Rejected"] = "reason" }),
                Branch("reason", new JsonObject { ["PRE_BRE_REJECT"] = "rejected", ["Default"] = "lenderWebhook" }),
                Branch("lenderWebhook", new JsonObject { ["Received"] = "approved", ["Timeout"] = "timedOut" }),
                End("approved"), End("rejected"), End("timedOut")),
            ["layout"] = new JsonObject
            {
                ["createUser"] = At(12, 12), ["otp"] = At(12, 122), ["updateDetails"] = At(123, 232), ["bre"] = At(252, 342), ["reason"] = At(252, 452),
                ["lenderWebhook"] = At(252, 562), ["approved"] = At(252, 672), ["rejected"] = At(492, 562), ["timedOut"] = At(12, 672),
            },
        };
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(definition));
        await using var studio = await fixture.OpenAsync(width: 1280, height: 720);
        await studio.GotoAsync($"/definitions/{id}");
        var labels = studio.TestId("flowchart").Locator(".react-flow__edge-textwrapper");
        await Expect(labels).ToHaveCountAsync(11);
        await Expect(studio.TestId("flowchart").Locator("[data-testid='step-node'][data-step-id='timedOut']")).ToBeVisibleAsync();
        var boxes = new List<(string Text, LocatorBoundingBoxResult Box)>();
        for (var i = 0; i < 11; i++)
        {
            boxes.Add(((await labels.Nth(i).TextContentAsync())!, (await labels.Nth(i).BoundingBoxAsync())!));
        }
        var overlaps = new List<string>();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i].Box, boxes[j].Box);
                if (a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height)
                {
                    overlaps.Add($"'{boxes[i].Text}' meets '{boxes[j].Text}'");
                }
            }
        }
        Assert.True(overlaps.Count == 0, string.Join("; ", overlaps));
        await studio.ScreenshotAsync("wire-labels-apart");
        studio.AssertNoConsoleErrors();
    }
}
