using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
        var revision = await fixture.Api.SaveDraftAsync(ReviewEndAndExtra(id, "Undo"));
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
        await studio.FocusAsync(wires.First);
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
        await studio.FocusAsync(studio.TestId("step-title")); // a focus lost here sends Ctrl+Z to the canvas, which undoes
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
        await studio.FocusAsync(studio.StepNode("end"));
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

        // A step another step binds to: Delete on the canvas asks first, naming the binding (covered in vitest only, with a
        // stub canvas, until session 40); Keep changes nothing, Remove step removes it and Ctrl+Z puts it back.
        await studio.StepNode("end").ClickAsync();
        await StepInput(studio, "outcome").FillAsync("$steps.extra.output.outcome");
        await studio.StepNode("extra").ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Remove step extra?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByTestId("removal-bindings").Locator("li")).ToHaveTextAsync(["end.outcome binds to $steps.extra.output.outcome"]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(nodes).ToHaveCountAsync(3);
        await Expect(undo).ToHaveAttributeAsync("title", new Regex(@"^Undo edit \S*outcome of end \("));

        await studio.StepNode("extra").ClickAsync();
        await page.Keyboard.PressAsync("Delete");
        await dialog.GetByTestId("confirm-button").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(studio.StepNode("extra")).ToHaveCountAsync(0);
        await Expect(undo).ToHaveAttributeAsync("title", "Undo remove step extra (Ctrl+Z)");
        await studio.FocusAsync(studio.StepNode("end"));
        await page.Keyboard.PressAsync("Control+z");
        await Expect(studio.StepNode("extra")).ToBeVisibleAsync();
        await Expect(nodes).ToHaveCountAsync(3);
        await Expect(studio.TestId("undo-announce")).ToHaveTextAsync("Undone: remove step extra");
        studio.AssertNoConsoleErrors();
    }

    // A wire focused from the keyboard keeps the focus, and stays drawn, when the validation answer comes (it rebuilds
    // every step on the canvas); Enter and Delete then remove it. The steps were rebuilt without the size React Flow had
    // measured, so it measured them again and unmounted every wire until the next frame: the focused wire's element was
    // gone (the focus fell to the page; Enter and Delete did nothing), and for that frame the canvas had no wire at all.
    // On a loaded machine the undo test above failed both ways (docs/studio.md, "Undo and redo"). The answer is held here
    // until the wire has the focus, so the order is the same on every machine.
    [Fact]
    public async Task AFocusedWireKeepsTheFocusAndStaysDrawnWhenTheValidationAnswers_ThenEnterAndDeleteRemoveIt()
    {
        var id = "focus-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(ReviewEndAndExtra(id, "Focus"));
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        var page = studio.Page;
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => new Uri(url).AbsolutePath.EndsWith($"/api/workflows/{id}/validate", StringComparison.Ordinal), async route =>
        {
            asked.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await studio.GotoAsync($"/definitions/{id}/edit");
        var wires = page.Locator(".react-flow__edge");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(3);
        await Expect(wires).ToHaveCountAsync(1);
        await asked.Task.WaitAsync(StudioFixture.ExpectDeadline);
        await Expect(studio.TestId("validation-state")).ToHaveTextAsync("Checking…");

        await studio.FocusAsync(wires.First);
        await Expect(wires.First).ToBeFocusedAsync();
        // From here on, every wire element the canvas removes (a wire unmounted and mounted again is one).
        await page.EvaluateAsync("""
            () => {
              window.wiresRemoved = 0;
              new MutationObserver((records) => {
                for (const r of records) for (const n of r.removedNodes) if (n.nodeType === 1 && (n.matches('.react-flow__edge') || n.querySelector('.react-flow__edge'))) window.wiresRemoved++;
              }).observe(document.querySelector('.react-flow__edges'), { childList: true, subtree: true });
            }
            """);
        release.SetResult();
        await Expect(studio.TestId("validation-state")).Not.ToHaveTextAsync("Checking…");
        // The answer is rendered: the wire has not been taken off the canvas, and it still has the focus.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.wiresRemoved"));
        Assert.True(await wires.First.EvaluateAsync<bool>("e => e === document.activeElement"), "The focused wire lost the focus when the validation answer came.");

        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Delete");
        await Expect(wires).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true })).ToHaveAttributeAsync("title", "Undo remove wire review Received (Ctrl+Z)");
        studio.AssertNoConsoleErrors();
    }

    /// <summary>A draft of both tests here: <c>review</c> (waits for the signal <c>go</c>) wired to <c>end</c>, and <c>extra</c> wired to nothing.</summary>
    private static JsonObject ReviewEndAndExtra(string id, string title) => new()
    {
        ["id"] = id, ["version"] = 1, ["title"] = title, ["start"] = "review",
        ["steps"] = new JsonArray(
            new JsonObject { ["id"] = "review", ["activity"] = "Core.WaitForSignal", ["inputs"] = new JsonObject { ["signal"] = "go" }, ["next"] = new JsonObject { ["Received"] = "end" } },
            new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } },
            new JsonObject { ["id"] = "extra", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Other" } }),
    };
}
