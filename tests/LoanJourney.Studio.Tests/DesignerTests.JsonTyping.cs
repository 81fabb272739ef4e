using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    private const string TypedLine = "\"note\": \"Extra ABC 0123456789\",";

    // A walkthrough typed this line at one key every 30–40 ms into the JSON view of a busy machine: only the first quote
    // stayed on the new line, the rest went after the final brace, characters and every space were lost. Two causes:
    // the editor was handed the designer's text back after each keystroke, and a render older than the keys typed since
    // replaced the editor's text (the cursor then at the end) — Chromium's CPU throttling (6×) makes the page that slow
    // whatever the machine's load; and React Flow took Space for its pan key and cancelled it, at any speed (1×). The
    // test waits for the document to parse, never for a time.
    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public async Task TypingFastInTheJsonView_KeepsEveryKeyWhereItWasTyped_AlsoOnASlowPage(int cpuSlowdown)
    {
        // A new line under the opening brace, then the keys one by one, 35 ms apart.
        var (opened, _) = await OpenJsonViewOnANewFirstLineAsync("json-typing-");
        await using var studio = opened;
        var page = studio.Page;
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = cpuSlowdown });
        try
        {
            await page.Keyboard.TypeAsync(TypedLine, new() { Delay = 35 });
        }
        finally
        {
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 1 });
        }

        // The document still parses (nothing went after the final brace) and line 2 is the line as typed.
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await Expect(studio.TestId("json-error")).ToHaveCountAsync(0);
        await ExpectJsonLineAsync(studio, 0, "{");
        await ExpectJsonLineAsync(studio, 1, "  " + TypedLine);
        studio.AssertNoConsoleErrors();
    }

    // With a syntax error in the JSON view, a palette button or an edit in the Properties panel replaced the typed text with the
    // last valid document, without a word. The palette is clicked with Force: on the old page it was enabled and added a
    // step, which put the document's text back; a disabled button takes no click.
    [Fact]
    public async Task ASyntaxErrorTypedInTheJsonView_StaysThroughThePaletteAndTabSwitches_AndSaveSaysWhereItIs()
    {
        // A new line under the opening brace without its comma: the text no longer parses.
        var (opened, id) = await OpenJsonViewOnANewFirstLineAsync("json-syntax-");
        await using var studio = opened;
        var page = studio.Page;
        var editor = studio.TestId("json-editor");
        await page.Keyboard.TypeAsync("\"typed\": 1");
        await Expect(studio.TestId("json-error")).ToBeVisibleAsync();
        await ExpectJsonLineAsync(studio, 1, "  \"typed\": 1");

        var paletteItem = studio.TestId("palette-item").First;
        await paletteItem.ClickAsync(new() { Force = true });
        await ExpectJsonLineAsync(studio, 1, "  \"typed\": 1");
        await Expect(paletteItem).ToBeDisabledAsync();
        await studio.TestId("tab-properties").ClickAsync();
        await Expect(studio.TestId("properties-unavailable")).ToBeVisibleAsync();
        await studio.TestId("tab-json").ClickAsync();
        await Expect(editor.Locator(".view-lines")).ToContainTextAsync(id);
        await ExpectJsonLineAsync(studio, 1, "  \"typed\": 1");
        await Expect(studio.TestId("json-error")).ToBeVisibleAsync();

        // Save refuses, naming where the text stops parsing (the line after the typed one), and keeps the text.
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("save-refused")).ToContainTextAsync("line 3");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await ExpectJsonLineAsync(studio, 1, "  \"typed\": 1");
        studio.AssertNoConsoleErrors();
    }

    // A draft of the pay-later journey under a new id, open in the JSON view with the cursor on a new line under the
    // opening brace.
    private async Task<(StudioPage Studio, string Id)> OpenJsonViewOnANewFirstLineAsync(string idPrefix)
    {
        var id = idPrefix + Guid.NewGuid().ToString("N")[..8];
        var definition = await fixture.Api.ExportAsync("capitalfloat-paylater");
        definition["id"] = id;
        await fixture.Api.SaveDraftAsync(definition);
        var studio = await fixture.OpenAsync(width: 1500, height: 1000);
        try
        {
            await studio.GotoAsync($"/definitions/{id}/edit");
            await Expect(studio.StepNode("otp")).ToBeVisibleAsync();
            await studio.TestId("tab-json").ClickAsync();
            var lines = studio.TestId("json-editor").Locator(".view-lines");
            await Expect(lines).ToContainTextAsync(id);
            await lines.ClickAsync();
            await studio.Page.Keyboard.PressAsync("Control+Home");
            await studio.Page.Keyboard.PressAsync("End");
            await studio.Page.Keyboard.PressAsync("Enter");
            return (studio, id);
        }
        catch
        {
            await studio.DisposeAsync();
            throw;
        }
    }

    // Monaco draws only the lines in view, and reuses their elements in any order: sorted by where they are drawn.
    private const string VisibleJsonLinesJs = """
        () => [...document.querySelectorAll("[data-testid='json-editor'] .view-lines .view-line")]
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((line) => line.textContent.replace(/\u00a0/g, ' '))
        """;

    private static Task<string[]> VisibleJsonLinesAsync(StudioPage studio) => studio.Page.EvaluateAsync<string[]>(VisibleJsonLinesJs);

    // Waits until the JSON view draws `expected` as its line `index` (0-based). Monaco draws a typed key in a later frame:
    // read at once, the line could still lack the last key on a loaded machine ("typed": without its 1).
    private static async Task ExpectJsonLineAsync(StudioPage studio, int index, string expected)
    {
        try
        {
            await studio.Page.WaitForFunctionAsync($"([i, text]) => ({VisibleJsonLinesJs})()[i] === text", new object[] { index, expected });
        }
        catch (Microsoft.Playwright.PlaywrightException)
        {
            var lines = await VisibleJsonLinesAsync(studio);
            Assert.Fail($"Line {index + 1} of the JSON view is not {expected}. Its first lines:{Environment.NewLine}{string.Join(Environment.NewLine, lines.Take(4))}");
        }
    }
}
