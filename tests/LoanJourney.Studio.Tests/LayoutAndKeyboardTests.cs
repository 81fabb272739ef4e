using System.Diagnostics;
using System.Text.RegularExpressions;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

[Collection(StudioDesignTestGroup.Name)]
public sealed class LayoutAndKeyboardTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";

    [Fact]
    public async Task ANarrowWindowKeepsEveryPageUsable()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await using var studio = await fixture.OpenAsync(width: 390, height: 844);

        await studio.GotoAsync("/journeys");
        await Expect(studio.Row(id)).ToBeVisibleAsync();
        // Filters fold behind a button; the page itself never scrolls sideways (the table scrolls in its own box).
        await Expect(studio.Page.GetByLabel("Correlation / customer id")).ToBeHiddenAsync();
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Show filters" }).ClickAsync();
        await Expect(studio.Page.GetByLabel("Correlation / customer id")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(studio, "journeys");
        await studio.ScreenshotAsync("list-narrow");

        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.StepNode("otp")).ToHaveAttributeAsync("data-state", "waiting");
        // Details first, the graph below them.
        var waiting = await studio.TestId("waiting-for").BoundingBoxAsync();
        var graph = await studio.TestId("flowchart").BoundingBoxAsync();
        Assert.True(waiting!.Y < graph!.Y, $"waiting-for at {waiting.Y}, flowchart at {graph.Y}");
        Assert.True(graph.Width <= 390, $"flowchart {graph.Width} px wide in a 390 px window");
        await AssertNoSidewaysScrollAsync(studio, "journey");
        await studio.ScreenshotAsync("journey-narrow");

        await studio.GotoAsync("/dashboard?workflowId=" + PayLater);
        await Expect(studio.TestId("funnel")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(studio, "dashboard");

        await studio.GotoAsync("/definitions/" + PayLater);
        await Expect(studio.TestId("definition-version")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(studio, "definition");

        await studio.GotoAsync($"/definitions/{PayLater}/start");
        await Expect(studio.TestId("start-form")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(studio, "start");

        // The designer, on a draft of its own: the palette, the graph and the panels stack instead of overflowing.
        var draftId = "narrow-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync(PayLater);
        definition["id"] = draftId;
        await fixture.Api.SaveDraftAsync(definition);
        await studio.GotoAsync($"/definitions/{draftId}/edit");
        await Expect(studio.StepNode("otp")).ToBeAttachedAsync();
        await AssertNoSidewaysScrollAsync(studio, "designer");
        await studio.ScreenshotAsync("designer-narrow");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheKeyboardReachesRowsStepsAndActions()
    {
        var first = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        var second = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys?workflowId={PayLater}");
        await Expect(studio.Row(first)).ToBeVisibleAsync();
        await Expect(studio.Row(second)).ToBeVisibleAsync();

        // The first Tab lands on the skip link, which moves focus to the page content.
        await studio.Page.Keyboard.PressAsync("Tab");
        await Expect(studio.Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(studio.Page.Locator("main#main")).ToBeFocusedAsync();

        // Rows: ↓ moves, Space selects, Enter opens (newest first: the second journey is on top).
        var rows = studio.TestId("instance-row");
        await studio.FocusAsync(rows.First);
        await studio.Page.Keyboard.PressAsync("ArrowDown");
        await Expect(rows.Nth(1)).ToBeFocusedAsync();
        await studio.Page.Keyboard.PressAsync("ArrowUp");
        await Expect(rows.First).ToBeFocusedAsync();
        await studio.Page.Keyboard.PressAsync(" ");
        await Expect(studio.TestId("bulk-bar")).ToContainTextAsync("1 selected");
        var opened = await rows.First.GetAttributeAsync("data-instance-id");
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-instance-id", opened!);

        // Flowchart nodes are buttons: focus one and press Enter to select it; its history row is highlighted.
        var otpNode = studio.StepNode("otp");
        await Expect(otpNode).ToHaveAttributeAsync("data-state", "waiting");
        await studio.FocusAsync(otpNode);
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(otpNode).ToHaveAttributeAsync("aria-pressed", "true");

        // The cancel dialog takes the focus to its reason field (typing there commits nothing: walk 51) and Escape closes it.
        await studio.FocusAsync(studio.TestId("cancel-journey"));
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(studio.TestId("confirm-dialog")).ToBeVisibleAsync();
        await Expect(studio.TestId("cancel-reason")).ToBeFocusedAsync();
        await studio.Page.Keyboard.PressAsync("Escape");
        await Expect(studio.TestId("confirm-dialog")).ToHaveCountAsync(0);
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Waiting");
        studio.AssertNoConsoleErrors();
    }

    // What the focused element is: its top against the sticky top bar's bottom, and whether it is in the top bar itself.
    private const string FocusedAgainstTopBarJs = """
        () => {
          const el = document.activeElement;
          const bar = document.querySelector('.topbar');
          if (!el || el === document.body || !bar) return null;
          const r = el.getBoundingClientRect();
          return { name: `${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40)}`,
                   top: r.top, height: r.height, barBottom: bar.getBoundingClientRect().bottom,
                   inBar: bar.contains(el) || !!el.closest('.skip-link') };
        }
        """;

    private sealed class FocusedElement
    {
        public string Name { get; set; } = "";

        public double Top { get; set; }

        public double Height { get; set; }

        public double BarBottom { get; set; }

        public bool InBar { get; set; }
    }

    [Theory]
    [InlineData(1280, 420)] // the 56 px bar
    [InlineData(390, 640)] // a phone: the bar wraps onto two lines and is taller
    public async Task AControlTheKeyboardReaches_IsNeverHiddenUnderTheStickyTopBar(int width, int height)
    {
        // WCAG 2.2 "Focus Not Obscured": a page that scrolls under the sticky top bar brings a focused control into view
        // below the bar, not behind it. Shift+Tab from the bottom of a list that scrolls walks every control back up.
        // Without the scroll padding: "select Unit focused at y 23, under the top bar (its bottom at 56)".
        for (var i = 0; i < 3; i++)
        {
            await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        }

        await using var studio = await fixture.OpenAsync(width: width, height: height);
        await studio.GotoAsync($"/journeys?workflowId={PayLater}");
        await Expect(studio.TestId("instance-row").Nth(2)).ToBeVisibleAsync();
        await studio.Page.EvaluateAsync("""
            () => {
              const all = [...document.querySelectorAll('main a[href], main button:not([disabled]), main input:not([disabled]), main select:not([disabled]), main [tabindex="0"]')];
              all[all.length - 1].focus();
              window.scrollTo(0, document.documentElement.scrollHeight);
            }
            """);
        Assert.True(await studio.Page.EvaluateAsync<bool>("() => window.scrollY > 0"), "the page must scroll in this window for the test to mean anything");

        var checkedControls = 0;
        for (var press = 0; press < 80; press++)
        {
            await studio.Page.Keyboard.PressAsync("Shift+Tab");
            var focused = await studio.Page.EvaluateAsync<FocusedElement?>(FocusedAgainstTopBarJs);
            if (focused is null || focused.InBar)
            {
                break;
            }

            if (focused.Height > 0)
            {
                checkedControls++;
                Assert.True(focused.Top >= focused.BarBottom - 1,
                    $"{focused.Name} focused at y {focused.Top:F0}, under the top bar (its bottom at {focused.BarBottom:F0}), after {press + 1} Shift+Tab");
            }
        }

        Assert.True(checkedControls >= 5, $"only {checkedControls} controls were walked");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheKeyboardPansZoomsAndFitsAFlowchart_AndBringsAFocusedStepIntoView()
    {
        const string PersonalLoan = "finbox-personal-loan";
        var id = await fixture.Api.StartAsync(PersonalLoan, JourneyApi.Sample(PersonalLoan, new Dictionary<string, string>
        {
            ["customerId"] = Ids.Customer("KEYS"),
        }));
        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");
        // Finished first, so that nothing on the page changes size (which refits the graph) while the keys are tried.
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        var chart = studio.TestId("flowchart");
        await Expect(studio.StepNode("disbursed")).ToHaveAttributeAsync("data-state", "done");

        // The canvas is a tab stop of its own, which says its keys (and shows them while it has the focus).
        await TabToAsync(studio, chart);
        await Expect(chart).ToHaveAccessibleDescriptionAsync(new Regex("arrow keys move the view.*\\+ and − zoom, 0 or F fits"));
        await Expect(studio.TestId("canvas-keys").Locator("span")).ToBeInViewportAsync(new() { Ratio = 1 });
        await studio.ScreenshotAsync("flowchart-keyboard");
        var fitted = await ViewAsync(chart);

        // + and - zoom about the middle; arrows move the view as scrolling does (↓ shows what is below), Shift 4x.
        var zoomedIn = await PressAsync(studio, chart, "+");
        Assert.True(zoomedIn.Zoom > fitted.Zoom * 1.1, $"+ left the zoom at {zoomedIn.Zoom} (fitted: {fitted.Zoom})");
        await PressAsync(studio, chart, "-");
        var zoomedOut = await PressAsync(studio, chart, "-");
        Assert.True(zoomedOut.Zoom < fitted.Zoom * 0.9, $"- - left the zoom at {zoomedOut.Zoom} (fitted: {fitted.Zoom})");
        await PressAsync(studio, chart, "+");
        var zoom = (await PressAsync(studio, chart, "+")).Zoom;
        var view = await ViewAsync(chart);
        AssertView(view with { X = view.X - 60 }, await PressAsync(studio, chart, "ArrowRight"), "ArrowRight");
        AssertView(view with { X = view.X - 60, Y = view.Y - 60 }, await PressAsync(studio, chart, "ArrowDown"), "ArrowDown");
        AssertView(view with { X = view.X + 180, Y = view.Y - 60 }, await PressAsync(studio, chart, "Shift+ArrowLeft"), "Shift+ArrowLeft");
        AssertView(view with { X = view.X + 180 }, await PressAsync(studio, chart, "ArrowUp"), "ArrowUp");
        Assert.Equal(zoom, (await ViewAsync(chart)).Zoom, 3);
        // 0 and F fit the whole graph again.
        AssertView(fitted, await PressAsync(studio, chart, "0"), "0");
        await PressAsync(studio, chart, "+");
        AssertView(fitted, await PressAsync(studio, chart, "f"), "F");

        // Zoomed in and moved away from the first step (the first tab stop after the canvas) until it is out of the box.
        for (var i = 0; i < 4; i++) await PressAsync(studio, chart, "+");
        var first = chart.Locator("[data-testid='step-node']").First;
        var firstId = await first.GetAttributeAsync("data-step-id");
        var box = (await chart.BoundingBoxAsync())!;
        var start = (await first.BoundingBoxAsync())!;
        var away = start.Y + start.Height / 2 < box.Y + box.Height / 2 ? "Shift+ArrowDown" : "Shift+ArrowUp";
        for (var i = 0; i < 20 && Overlaps((await first.BoundingBoxAsync())!, box); i++) await PressAsync(studio, chart, away);
        Assert.False(Overlaps((await first.BoundingBoxAsync())!, box), $"step {firstId} still in the flowchart's box after 20 x {away}");
        var hidden = await ViewAsync(chart);

        // Tab: the step gets the focus and comes into the middle of the canvas (and of the window), at the same zoom.
        await studio.Page.Keyboard.PressAsync("Tab");
        await Expect(first).ToBeFocusedAsync();
        var shown = await WaitForViewAsync(chart, v => v != hidden, "the view to move to the focused step");
        Assert.Equal(hidden.Zoom, shown.Zoom, 3);
        box = (await chart.BoundingBoxAsync())!;
        var node = (await first.BoundingBoxAsync())!;
        Assert.True(node.X >= box.X && node.Y >= box.Y && node.X + node.Width <= box.X + box.Width && node.Y + node.Height <= box.Y + box.Height,
            $"focused step {firstId} at ({node.X}, {node.Y}, {node.Width} x {node.Height}), flowchart at ({box.X}, {box.Y}, {box.Width} x {box.Height})");
        await Expect(first).ToBeInViewportAsync();
        var bar = (await studio.Page.Locator(".topbar").BoundingBoxAsync())!;
        Assert.True(node.Y >= bar.Y + bar.Height, $"focused step {firstId} at y {node.Y}, under the top bar (bottom at {bar.Y + bar.Height})");
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(first).ToHaveAttributeAsync("aria-pressed", "true");

        // Back on the canvas with its keys shown: axe finds nothing serious.
        await studio.Page.Keyboard.PressAsync("Shift+Tab");
        await Expect(chart).ToBeFocusedAsync();
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "journey with the flowchart focused", findings);

        // The designer's canvas has the same keys; typing +, 0 or F in a step's field edits the field, not the view.
        var draftId = "keys-" + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync(PersonalLoan);
        definition["id"] = draftId;
        await fixture.Api.SaveDraftAsync(definition);
        await studio.GotoAsync($"/definitions/{draftId}/edit");
        var canvas = studio.TestId("designer-canvas");
        await Expect(studio.StepNode("disbursed")).ToBeVisibleAsync();
        await TabToAsync(studio, canvas);
        await Expect(canvas).ToHaveAccessibleDescriptionAsync(new Regex("arrow keys move the view"));
        var designed = await ViewAsync(canvas);
        Assert.True((await PressAsync(studio, canvas, "-")).Zoom < designed.Zoom, "- did not zoom the designer's canvas out");
        AssertView(designed, await PressAsync(studio, canvas, "0"), "0 in the designer");
        // Tab past the wires (tab stops before the steps in the designer) to a step; Enter opens its panel.
        await TabToAsync(studio, canvas.Locator("[data-testid='step-node']").First);
        await studio.Page.Keyboard.PressAsync("Enter");
        var title = studio.TestId("step-title");
        await studio.FocusAsync(title); // a focus lost here sends "+0f-" to the canvas, which zooms
        var typedAt = await ViewAsync(canvas);
        await studio.Page.Keyboard.TypeAsync("+0f-");
        await Expect(title).ToHaveValueAsync(new Regex("\\+0f-$"));
        Assert.Equal(typedAt, await ViewAsync(canvas));
        await studio.FocusAsync(canvas);
        await AccessibilityTests.ScanAsync(studio, "designer with the canvas focused", findings);

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        studio.AssertNoConsoleErrors();
    }

    /// <summary>The drawing's pan (x, y: screen pixels) and zoom: the transform React Flow sets on <c>.react-flow__viewport</c>.</summary>
    private sealed record View(double X, double Y, double Zoom);

    private static async Task<View> ViewAsync(ILocator canvas)
    {
        var m = await canvas.Locator(".react-flow__viewport").EvaluateAsync<double[]>("e => { const m = new DOMMatrixReadOnly(getComputedStyle(e).transform); return [m.e, m.f, m.a]; }");
        return new View(m[0], m[1], m[2]);
    }

    private static async Task<View> WaitForViewAsync(ILocator canvas, Func<View, bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var view = await ViewAsync(canvas);
            if (done(view)) return view;
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail($"waited in vain for {what}: the view stayed at {view}");
            await Task.Delay(25);
        }
    }

    /// <summary>Presses a key (the focus on the canvas or in it) and answers the view once it changed.</summary>
    private static async Task<View> PressAsync(StudioPage studio, ILocator canvas, string key)
    {
        var before = await ViewAsync(canvas);
        await studio.Page.Keyboard.PressAsync(key);
        return await WaitForViewAsync(canvas, v => v != before, $"{key} to change the view");
    }

    private static void AssertView(View expected, View actual, string key)
    {
        Assert.True(Math.Abs(expected.X - actual.X) < 1 && Math.Abs(expected.Y - actual.Y) < 1 && Math.Abs(expected.Zoom - actual.Zoom) < 0.005,
            $"after {key} the view is {actual}, expected {expected}");
    }

    private static bool Overlaps(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    /// <summary>Tab, from wherever the focus is, until <paramref name="target"/> has it (keyboard only, as a user would).</summary>
    private static async Task TabToAsync(StudioPage studio, ILocator target)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
            await studio.Page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail("150 presses of Tab did not reach " + target);
    }

    internal static async Task AssertNoSidewaysScrollAsync(StudioPage studio, string page)
    {
        var overflow = await studio.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow <= 0) return;
        // Name the elements that reach past the window, so a failure says what to fix.
        var culprits = await studio.Page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 8)
              .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''} (${Math.round(e.getBoundingClientRect().right)} px)`)
              .join(', ')
            """);
        Assert.Fail($"the {page} page scrolls sideways by {overflow} px in a narrow window: {culprits}");
    }
}
