using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// Session 44's walk of the designer at 1280×800: the side panel's selects fit it, and a publish without a reason says
/// why beside the button that refuses it.
/// </summary>
public sealed partial class DesignerTests
{
    private static JsonObject LongTitledWait(string id) => new()
    {
        ["id"] = id, ["version"] = 1, ["title"] = "Fits its panel", ["start"] = "confirm",
        ["input"] = new JsonArray(
            new JsonObject { ["name"] = "amount", ["type"] = "Number", ["required"] = true },
            new JsonObject { ["name"] = "otpTimeout", ["type"] = "Duration" },
            new JsonObject { ["name"] = "maxOtpAttempts", ["type"] = "Integer" }),
        ["steps"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "confirm", ["activity"] = "Core.WaitForSignal", ["title"] = "Partner confirms delivery",
                ["inputs"] = new JsonObject { ["signal"] = "delivery" }, ["next"] = new JsonObject { ["Received"] = "end" },
            },
            new JsonObject
            {
                ["id"] = "end", ["activity"] = "Core.End", ["title"] = "Tell the partner: not disbursed, block released, nothing owed",
                ["inputs"] = new JsonObject { ["outcome"] = "Done" },
            }),
    };

    [Fact]
    public async Task AtTheDesktopSize_TheStepPanelsNextStepSelectsStayInsideIt_AndTheInputFieldTypesShowWhole()
    {
        var id = "fit-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(LongTitledWait(id)));
        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("input-field-type")).ToHaveCountAsync(3);

        // Each type select is wide enough for the type it shows (its text, its padding and the arrow, ~20 px): at 82 px
        // "Number", "Integer" and "Duration" were cut.
        var cut = await studio.TestId("workflow-panel").EvaluateAsync<string[]>("""
            panel => {
              const c = document.createElement('canvas').getContext('2d');
              return [...panel.querySelectorAll("[data-testid='input-field-type']")].flatMap(s => {
                const cs = getComputedStyle(s); c.font = cs.font;
                const text = s.options[s.selectedIndex].text;
                const needed = c.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20;
                return s.clientWidth >= needed ? [] : [`${text}: ${s.clientWidth} px of ${Math.ceil(needed)}`];
              });
            }
            """);
        Assert.True(cut.Length == 0, "Type selects too narrow for their text: " + string.Join("; ", cut));

        // The wait's panel: its outcome select lists "Tell the partner: … (end)", which held the panel 40 px wider than
        // itself, scrolling sideways with the select's end cut off.
        await studio.StepNode("confirm").ClickAsync();
        var editor = studio.TestId("step-editor");
        await Expect(editor.GetByTestId("step-next")).ToHaveCountAsync(2);
        var overflow = await editor.EvaluateAsync<string[]>("""
            panel => {
              const out = [];
              for (let e = panel; e && !e.matches('.designer-layout'); e = e.parentElement)
                if (e.scrollWidth > e.clientWidth + 1) out.push(`${e.className || e.tagName} scrolls sideways (${e.scrollWidth} > ${e.clientWidth})`);
              const right = panel.getBoundingClientRect().right;
              for (const s of panel.querySelectorAll("[data-testid='step-next']")) {
                const r = s.getBoundingClientRect().right;
                if (r > right + 1) out.push(`next ${s.dataset.outcome} ends at ${Math.round(r)}, the panel at ${Math.round(right)}`);
              }
              return out;
            }
            """);
        Assert.True(overflow.Length == 0, string.Join("; ", overflow));
        await Expect(editor.Locator("[data-testid='step-next'][data-outcome='Received']")).ToHaveValueAsync("end");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PublishWithoutAReason_SaysWhyBesideTheDisabledButton_AndTakesTheReaderToTheField()
    {
        var id = "why-" + Guid.NewGuid().ToString("N")[..8];
        var first = LongTitledWait(id);
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(first));
        var second = LongTitledWait(id);
        second["title"] = "Fits its panel, second version";
        await fixture.Api.NewDraftAsync(second);

        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync($"/definitions/{id}/edit");
        await studio.TestId("publish").ClickAsync();
        var dialog = studio.TestId("publish-dialog");
        var confirm = studio.TestId("publish-confirm");
        await Expect(confirm).ToBeDisabledAsync();

        // Beside the disabled button (where an author who Tabs past the reason lands), and named by it.
        var missing = studio.TestId("publish-reason-missing");
        await Expect(missing).ToBeInViewportAsync();
        await Expect(missing).ToContainTextAsync("needs a reason");
        Assert.Equal(await missing.GetAttributeAsync("id"), await confirm.GetAttributeAsync("aria-describedby"));

        await missing.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Give the reason" }).ClickAsync();
        await Expect(studio.TestId("publish-reason")).ToBeFocusedAsync();
        await Expect(studio.TestId("publish-reason")).ToBeInViewportAsync();
        await studio.Page.Keyboard.TypeAsync("walk 44: a clearer title");
        await Expect(missing).ToHaveCountAsync(0);
        await Expect(confirm).ToBeEnabledAsync();
        Assert.Null(await confirm.GetAttributeAsync("aria-describedby"));
        await confirm.ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(2, (int)(await fixture.Api.ExportAsync(id))["version"]!);
        studio.AssertNoConsoleErrors();
    }
}
