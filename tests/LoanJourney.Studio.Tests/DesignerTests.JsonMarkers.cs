using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    // The text of every line of the JSON view that carries an error squiggle (Monaco draws `.squiggly-error` in the
    // overlay row of its line; the row is found by where it is drawn, so Monaco's DOM nesting does not count).
    private const string SquiggledLinesJs = """
        () => {
          const root = document.querySelector("[data-testid='json-editor']");
          if (!root) return [];
          const lines = [...root.querySelectorAll('.view-line')];
          const numbers = [...root.querySelectorAll('.line-numbers')];
          const rowAt = (els, y) => els.find((l) => { const r = l.getBoundingClientRect(); return r.height > 0 && r.top <= y && y < r.bottom; });
          return [...root.querySelectorAll('.squiggly-error')].map((s) => {
            const r = s.getBoundingClientRect();
            const y = r.top + r.height / 2;
            const line = rowAt(lines, y), number = rowAt(numbers, y);
            return `${number ? number.textContent.trim() : '?'}: ${line ? line.textContent.replace(/\u00a0/g, ' ').trim() : '?'}`;
          });
        }
        """;

    private static async Task WaitForSquigglesAsync(StudioPage studio, string[] on, string[] notOn) =>
        await studio.Page.WaitForFunctionAsync(
            $"([on, notOn]) => {{ const lines = ({SquiggledLinesJs})(); return on.every((t) => lines.some((l) => l.includes(t))) && notOn.every((t) => !lines.some((l) => l.includes(t))); }}",
            new object[] { on, notOn });

    [Fact]
    public async Task ValidationErrorsAreMarkedInTheJsonViewOnTheirLines_AndAFixedActivitysMarkerGoes()
    {
        var id = "marks-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Markers", ["start"] = "nowhere",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "check", ["activity"] = "Nope.Missing", ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
        });
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("check")).ToBeVisibleAsync();
        // Two problems: the unknown activity and the missing start target. The saved draft's errors and the live validation
        // both count them, so the one problem left after the fix below can only be the live validation's answer to it.
        await Expect(studio.TestId("validation-state")).ToHaveAttributeAsync("data-count", "2");

        // The unknown activity on its step's "activity" line, the missing start target on the "start" line.
        await studio.TestId("tab-json").ClickAsync();
        await WaitForSquigglesAsync(studio, ["\"activity\": \"Nope.Missing\"", "\"start\": \"nowhere\""], []);
        var squiggled = await page.EvaluateAsync<string[]>(SquiggledLinesJs);
        Assert.Contains(squiggled, l => l.EndsWith("\"activity\": \"Nope.Missing\",", StringComparison.Ordinal) && int.TryParse(l.Split(':')[0], out _));

        // Hovering the activity's squiggle shows the validator's message.
        await HoverUntilShownAsync(page, "Nope.Missing", page.Locator(".monaco-hover").Filter(new() { HasText = "Activity type 'Nope.Missing' is not registered." }));

        // Fixed in the step panel: once validation has run again, the JSON view marks the start but not the activity.
        await studio.StepNode("check").ClickAsync();
        await Expect(studio.TestId("step-editor")).ToHaveAttributeAsync("data-step-id", "check");
        await studio.TestId("step-activity").SelectOptionAsync("Core.End");
        await Expect(studio.TestId("validation-state")).ToHaveAttributeAsync("data-count", "1");
        await studio.TestId("tab-json").ClickAsync();
        await WaitForSquigglesAsync(studio, ["\"start\": \"nowhere\""], ["\"activity\"", "Nope.Missing"]);
        studio.AssertNoConsoleErrors();
    }

    // Where the squiggle on the line holding `text` is now, as the point to rest the mouse on; null while it is not drawn.
    private const string SquigglePointJs = """
        (text) => {
          const root = document.querySelector("[data-testid='json-editor']");
          if (!root) return null;
          const lines = [...root.querySelectorAll('.view-line')];
          const s = [...root.querySelectorAll('.squiggly-error')].find((e) => {
            const y = e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2;
            const line = lines.find((l) => { const r = l.getBoundingClientRect(); return r.top <= y && y < r.bottom; });
            return line && line.textContent.includes(text);
          });
          if (!s) return null;
          const r = s.getBoundingClientRect();
          return r.width > 0 ? [r.left + Math.min(20, r.width / 2), r.top + r.height / 2] : null;
        }
        """;

    /// <summary>
    /// Rests the mouse on the squiggle of the line holding <paramref name="text"/> until <paramref name="hover"/> shows.
    /// Monaco opens its hover only from a mouse move that rests on the marker. CI once (stop 46, a loaded machine) moved
    /// the mouse once and waited 90 s for a hover that never came: a move that lands while the editor still lays out or
    /// redraws its decorations opens nothing, and nothing moves the mouse again. So the point is measured again and the
    /// move repeated, from outside the editor, each time the hover has not shown within a while; a hover that never
    /// shows still fails, after the last try, with Playwright's own message.
    /// </summary>
    private static async Task HoverUntilShownAsync(IPage page, string text, ILocator hover)
    {
        const int tries = 6;
        for (var attempt = 1; ; attempt++)
        {
            await page.WaitForFunctionAsync(SquigglePointJs, text);
            var point = await page.EvaluateAsync<double[]?>(SquigglePointJs, text);
            if (point is not null)
            {
                await page.Mouse.MoveAsync(1, 1);
                await page.Mouse.MoveAsync((float)point[0], (float)point[1], new MouseMoveOptions { Steps = 3 });
            }

            if (attempt == tries)
            {
                await Expect(hover).ToBeVisibleAsync();
                return;
            }

            try
            {
                await hover.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                return;
            }
            catch (TimeoutException)
            {
                // Not shown from this move: measure again and move again.
            }
        }
    }
}
