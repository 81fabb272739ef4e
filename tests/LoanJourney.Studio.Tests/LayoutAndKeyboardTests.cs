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
        await rows.First.FocusAsync();
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
        await otpNode.FocusAsync();
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(otpNode).ToHaveAttributeAsync("aria-pressed", "true");

        // The cancel dialog takes focus on the safe choice and Escape closes it.
        await studio.TestId("cancel-journey").FocusAsync();
        await studio.Page.Keyboard.PressAsync("Enter");
        await Expect(studio.TestId("confirm-dialog")).ToBeVisibleAsync();
        await Expect(studio.TestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Keep" })).ToBeFocusedAsync();
        await studio.Page.Keyboard.PressAsync("Escape");
        await Expect(studio.TestId("confirm-dialog")).ToHaveCountAsync(0);
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Waiting");
        studio.AssertNoConsoleErrors();
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
