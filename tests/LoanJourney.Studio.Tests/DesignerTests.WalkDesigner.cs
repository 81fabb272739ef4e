using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>Session 46's walk: a Designer authoring a new journey from an empty draft, with the keyboard for one pass.</summary>
public sealed partial class DesignerTests
{
    // A wire reached with Tab was drawn as React Flow draws a focused edge: the same 1.5 px line, #555 instead of #8391a7,
    // which on the canvas (zoomed out to fit a nine-step journey at 1280×720) could not be told from its neighbours.
    [Fact]
    public async Task AWireReachedWithTab_IsDrawnInTheFocusColour_AndWiderThanTheOthers()
    {
        var id = "wire-focus-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(ReviewEndAndExtra(id, "Wire focus"));
        await using var studio = await fixture.OpenAsync(width: 1280, height: 720);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        var wires = page.Locator(".react-flow__edge");
        await Expect(wires).ToHaveCountAsync(1);

        // From the canvas, Tab goes to the wires first (docs/studio.md, "Keyboard on the flowcharts").
        await studio.FocusAsync(studio.TestId("designer-canvas"));
        await page.Keyboard.PressAsync("Tab");
        await Expect(wires.First).ToBeFocusedAsync();

        var drawn = await wires.First.Locator(".react-flow__edge-path").EvaluateAsync<string[]>(
            "p => [getComputedStyle(p).stroke, getComputedStyle(p).strokeWidth]");
        var focus = await page.EvaluateAsync<string>(
            "() => { const s = document.createElement('span'); s.style.color = 'var(--focus)'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; }");
        Assert.Equal(focus, drawn[0]);
        Assert.True(double.Parse(drawn[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 3,
            $"the focused wire is {drawn[1]} wide");
        studio.AssertNoConsoleErrors();
    }
}
