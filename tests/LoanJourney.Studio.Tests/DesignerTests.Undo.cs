using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    // A step and a wire deleted by mistake on the canvas come back with Undo (the button, then Ctrl+Z with the focus on
    // the canvas), Redo takes them again, and Ctrl+Z typed inside a text field is that field's own, not the designer's.
    [Fact]
    public async Task AStepAndAWireDeletedByMistakeComeBackWithUndo_TheButtonAndCtrlZ_ButNotWhileTypingInAField()
    {
        var id = "undo-" + Guid.NewGuid().ToString("N")[..8];
        var revision = await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Undo", ["start"] = "review",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "review", ["activity"] = "Core.WaitForSignal", ["inputs"] = new JsonObject { ["signal"] = "go" }, ["next"] = new JsonObject { ["Received"] = "end" } },
                new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } },
                new JsonObject { ["id"] = "extra", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Other" } }),
        });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        var nodes = page.Locator(".react-flow__node");
        var wires = page.Locator(".react-flow__edge");
        var undo = page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true });
        var redo = page.GetByRole(AriaRole.Button, new() { Name = "Redo", Exact = true });
        await Expect(nodes).ToHaveCountAsync(3);
        await Expect(wires).ToHaveCountAsync(1);
        await Expect(undo).ToBeDisabledAsync();
        await Expect(redo).ToBeDisabledAsync();
        await Expect(undo).ToHaveAttributeAsync("title", "Nothing to undo (Ctrl+Z)");

        // The wire, from the keyboard (focus, Enter selects it, Delete); the step, clicked and Delete.
        await wires.First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Delete");
        await Expect(wires).ToHaveCountAsync(0);
        await studio.StepNode("extra").ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(studio.StepNode("extra")).ToHaveCountAsync(0);
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await Expect(undo).ToBeEnabledAsync();
        await Expect(undo).ToHaveAttributeAsync("title", "Undo remove step extra (Ctrl+Z)");
        await studio.ScreenshotAsync("designer-undo");

        // Ctrl+Z in the (empty) title field of a step undoes nothing of the document.
        await studio.StepNode("review").ClickAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "review");
        await studio.TestId("step-title").FocusAsync();
        await page.Keyboard.PressAsync("Control+z");
        await Expect(studio.TestId("step-title")).ToBeFocusedAsync();
        await Expect(nodes).ToHaveCountAsync(2);
        await Expect(wires).ToHaveCountAsync(0);
        await Expect(redo).ToBeDisabledAsync();

        // The button brings the step back; Ctrl+Z on the canvas the wire. Back to the saved draft: nothing unsaved.
        await undo.ClickAsync();
        await Expect(studio.StepNode("extra")).ToBeVisibleAsync();
        await Expect(wires).ToHaveCountAsync(0);
        await Expect(studio.TestId("undo-announce")).ToHaveTextAsync("Undone: remove step extra");
        await studio.StepNode("end").FocusAsync();
        await page.Keyboard.PressAsync("Control+z");
        await Expect(wires).ToHaveCountAsync(1);
        await Expect(page.Locator(".react-flow__edge[data-id='review:Received']")).ToHaveCountAsync(1);
        await Expect(nodes).ToHaveCountAsync(3);
        await Expect(undo).ToBeDisabledAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");

        // Redo (Ctrl+Shift+Z, then Ctrl+Y) deletes them again; the button undoes the step's removal once more.
        await page.Keyboard.PressAsync("Control+Shift+z");
        await Expect(wires).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+y");
        await Expect(studio.StepNode("extra")).ToHaveCountAsync(0);
        await Expect(redo).ToBeDisabledAsync();
        await undo.ClickAsync();
        await Expect(studio.StepNode("extra")).ToBeVisibleAsync();
        await Expect(redo).ToBeEnabledAsync();

        // Saved: the draft has the three steps and no wire out of review.
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        var saved = await fixture.Api.GetDraftAsync(id);
        Assert.True(saved["revision"]!.GetValue<long>() > revision);
        var steps = saved["definition"]!["steps"]!.AsArray();
        Assert.Equal(["review", "end", "extra"], steps.Select(s => s!["id"]!.GetValue<string>()));
        Assert.Empty(steps[0]!["next"]?.AsObject() ?? []);
        studio.AssertNoConsoleErrors();
    }
}
