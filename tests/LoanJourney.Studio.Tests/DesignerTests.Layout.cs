using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    // Where a step is drawn relative to another, in node widths: independent of the zoom each canvas fits itself at.
    private static async Task<(double X, double Y)> OffsetAsync(StudioPage studio, string from, string to)
    {
        var a = (await studio.StepNode(from).BoundingBoxAsync())!;
        var b = (await studio.StepNode(to).BoundingBoxAsync())!;
        return ((b.X - a.X) / a.Width, (b.Y - a.Y) / a.Width);
    }

    private static void AssertNear((double X, double Y) expected, (double X, double Y) actual)
    {
        Assert.True(Math.Abs(expected.X - actual.X) < 0.03 && Math.Abs(expected.Y - actual.Y) < 0.03, $"Expected the step at {expected}, found it at {actual} (node widths).");
    }

    [Fact]
    public async Task AStepDraggedAndSavedIsWhereItWasLeft_AfterAReload_AndOnTheDefinitionPageOnceTheLayoutIsPublished()
    {
        var id = "layout-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Arranged", ["start"] = "review",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "review", ["activity"] = "Core.WaitForSignal", ["inputs"] = new JsonObject { ["signal"] = "go" }, ["next"] = new JsonObject { ["Received"] = "end" } },
                new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
        }));
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();
        var laidOut = await OffsetAsync(studio, "review", "end");

        // Drag "end" to the right of "review" and a little down.
        var box = (await studio.StepNode("end").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 + 170, box.Y + box.Height / 2 + 45, new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        var left = await OffsetAsync(studio, "review", "end");
        Assert.True(left.X - laidOut.X > 0.5, $"The drag did not move the step: {laidOut} → {left}.");

        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        var draft = (await fixture.Api.GetDraftAsync(id))["definition"]!["layout"]!.AsObject();
        Assert.Equal(["end", "review"], draft.Select(p => p.Key).Order(StringComparer.Ordinal));

        await page.ReloadAsync();
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        AssertNear(left, await OffsetAsync(studio, "review", "end"));

        // A move alone publishes no version: the dialog says so, and version 1 is shown with the arrangement.
        await studio.TestId("publish").ClickAsync();
        await Expect(studio.TestId("publish-layout-only")).ToBeVisibleAsync();
        await Expect(studio.TestId("publish-summary")).Not.ToContainTextAsync("Steps changed");
        await studio.TestId("publish-reason").FillAsync("Tidier arrangement");
        await studio.TestId("publish-confirm").ClickAsync();
        await Expect(studio.TestId("designer-message")).ToContainTextAsync("Only the layout changed: version 1");

        await studio.GotoAsync($"/definitions/{id}");
        await Expect(studio.TestId("flowchart").Locator("[data-testid='step-node'][data-step-id='end']")).ToBeVisibleAsync();
        AssertNear(left, await OffsetAsync(studio, "review", "end"));
        studio.AssertNoConsoleErrors();
    }
}
