using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    // Walk-through (a new journey built with the mouse): the Approved outcome dragged onto the lower part of the next step did
    // nothing. React Flow wired only a release within 40 px of the step's input handle (the dot on its top edge); on the
    // step's lower half its outcome handles were closer, were refused, and the wire was dropped without a word. Released
    // anywhere on a step, the outcome is wired there; released on the empty canvas, nothing changes.
    [Fact]
    public async Task AnOutcomeDraggedOntoAnyPartOfAStep_IsWiredToIt_AndOneDroppedOnTheEmptyCanvasChangesNothing()
    {
        var id = "wire-drop-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Wire drop", ["start"] = "decide",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "decide", ["activity"] = "Core.WaitForSignal", ["inputs"] = new JsonObject { ["signal"] = "decision" }, ["next"] = new JsonObject() },
                new JsonObject { ["id"] = "accept", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Approved" } }),
            ["layout"] = new JsonObject { ["decide"] = new JsonObject { ["x"] = 0, ["y"] = 0 }, ["accept"] = new JsonObject { ["x"] = 320, ["y"] = 260 } },
        });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        var handle = page.Locator(".react-flow__node[data-id='decide'] [data-testid='outcome-handle'][data-outcome='Received']");
        await Expect(handle).ToBeVisibleAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        var wires = page.Locator(".react-flow__edge");

        // Released on the empty canvas (its top right, inside it: near its edge the view would pan): no wire, nothing to save.
        var canvas = await studio.TestId("designer-canvas").BoundingBoxAsync();
        await DragAsync(page, handle, canvas!.X + (canvas.Width * 0.8f), canvas.Y + (canvas.Height * 0.25f));
        await Expect(wires).ToHaveCountAsync(0);
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");

        // Released on the lower left of the step's body, far from its input handle: wired.
        var target = await studio.StepNode("accept").BoundingBoxAsync();
        await DragAsync(page, handle, target!.X + (target.Width * 0.12f), target.Y + (target.Height * 0.85f));
        await Expect(page.Locator(".react-flow__edge[aria-label='Wire decide Received to accept']")).ToHaveCountAsync(1);
        await Expect(studio.TestId("undo")).ToHaveAttributeAsync("title", "Undo wire decide Received to accept (Ctrl+Z)");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        studio.AssertNoConsoleErrors();
    }

    /// <summary>A drag with the real mouse, in small moves as a hand makes it, from the middle of <paramref name="from"/> to a point of the window.</summary>
    private static async Task DragAsync(IPage page, ILocator from, float x, float y)
    {
        var box = await from.BoundingBoxAsync();
        await page.Mouse.MoveAsync(box!.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x, y, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }
}
