using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// Session 44's second wave on the designer at 1280×800: a step added with the palette's button lands beside the step it
/// will follow and on the canvas; a declared signal field's Length boxes have visible labels.
/// </summary>
public sealed partial class DesignerTests
{
    [Fact]
    public async Task AStepAddedWithThePaletteButton_LandsBesideTheSelectedStep_OnTheCanvas()
    {
        var id = "place-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync("capitalfloat-paylater");
        definition["id"] = id;
        await fixture.Api.SaveDraftAsync(definition);
        var anchor = (string)definition["start"]!;

        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode(anchor)).ToBeVisibleAsync();
        await studio.StepNode(anchor).ClickAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", anchor);

        await studio.Page.Locator("[data-testid='palette-item'][data-activity='Core.SetVariable']").ClickAsync();
        var editor = studio.TestId("step-editor");
        await Expect(editor).Not.ToHaveAttributeAsync("data-step-id", anchor);
        var added = await editor.GetAttributeAsync("data-step-id") ?? "";
        var node = studio.StepNode(added);
        await Expect(node).ToBeVisibleAsync();

        // Wholly inside the canvas (it clips what lies outside its box); the view may have moved to show it (at the same zoom).
        await studio.Page.WaitForFunctionAsync("""
            (id) => {
              const canvas = document.querySelector("[data-testid='designer-canvas']").getBoundingClientRect();
              const node = document.querySelector(`[data-testid='step-node'][data-step-id='${id}']`)?.getBoundingClientRect();
              return !!node && node.left >= canvas.left - 1 && node.top >= canvas.top - 1 && node.right <= canvas.right + 1 && node.bottom <= canvas.bottom + 1;
            }
            """, added, new() { Timeout = (float)StudioFixture.ExpectDeadline.TotalMilliseconds });
        // Next to the step it will follow: one row below it (at most its own height and the gap between rows), not at the bottom of the flow.
        var nodeBox = (await node.BoundingBoxAsync())!;
        var anchorBox = (await studio.StepNode(anchor).BoundingBoxAsync())!;
        var rows = (double)(nodeBox.Y - anchorBox.Y) / anchorBox.Height;
        Assert.True(rows is > 0.5 and < 3, $"the new step {added} is {rows:0.0} step heights below {anchor} (new at y {nodeBox.Y}, {anchor} at {anchorBox.Y})");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ASignalFieldsLengthBoxes_HaveVisibleLabels_TheirNamesSayWhich_AndAxeIsClean()
    {
        var id = "lengths-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Delivery", ["start"] = "delivery",
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "delivery", ["activity"] = "Core.WaitForSignal", ["next"] = new JsonObject { ["Received"] = "end" },
                    ["inputs"] = new JsonObject
                    {
                        ["signal"] = "delivery",
                        ["fields"] = JsonNode.Parse("""[{ "name": "deliveryRef", "type": "String", "required": true, "minLength": 10, "maxLength": 10 }]"""),
                    },
                },
                new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Delivered" } }),
        });
        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await studio.StepNode("delivery").ClickAsync();
        var row = studio.TestId("signal-field-row").First;
        await Expect(row).ToBeVisibleAsync();

        // Seen: the group's title and each box's own label, on screen beside the box.
        var group = row.GetByRole(AriaRole.Group, new() { Name = "Length (characters)" });
        await Expect(group).ToBeVisibleAsync();
        foreach (var (label, testId) in new[] { ("At least", "signal-field-min"), ("At most", "signal-field-max") })
        {
            var words = group.Locator("label", new() { HasText = label });
            await Expect(words).ToBeVisibleAsync();
            var box = row.GetByTestId(testId);
            await Expect(box).ToHaveValueAsync("10");
            // Heard: the box's name starts with the words seen, then names its field.
            await Expect(box).ToHaveAccessibleNameAsync($"{label} (deliveryRef)");
            var wordsBox = (await words.BoundingBoxAsync())!;
            var inputBox = (await box.BoundingBoxAsync())!;
            Assert.True(wordsBox.Y < inputBox.Y + 1 && Math.Abs(wordsBox.X - inputBox.X) < 4, $"{label} at ({wordsBox.X}, {wordsBox.Y}), its box at ({inputBox.X}, {inputBox.Y})");
        }
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "designer, a signal field's lengths", findings);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }
}
