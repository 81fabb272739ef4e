using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>The Definitions page's versions, export and import, walked as a Designer and as a Viewer.</summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class DefinitionsPageTests(StudioFixture fixture)
{
    [Fact]
    public async Task AVersionIsExported_AndImportedBack_ABadFileAndAnInvalidOneSayWhy_AndAViewerGetsNoImport()
    {
        var id = "defs-" + Guid.NewGuid().ToString("N")[..8];
        JsonObject Definition(string title) => JourneyApi.EndOnly(id, title);
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(Definition("First")));
        await fixture.Api.PublishAsync(id, await fixture.Api.NewDraftAsync(Definition("Second")));

        await using (var viewer = await fixture.OpenAsync(apiKey: TestPrincipals.ViewerKey))
        {
            await viewer.GotoAsync($"/definitions/{id}?version=1");
            await Expect(viewer.TestId("export-definition")).ToHaveTextAsync("Export v1");
            await Expect(viewer.TestId("import-definition")).ToHaveCountAsync(0);
            viewer.AssertNoConsoleErrors();
        }

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.DesignerKey);
        await studio.GotoAsync($"/definitions/{id}");
        await Expect(studio.TestId("definition-version")).ToHaveValueAsync("2");
        await studio.TestId("definition-version").SelectOptionAsync("1");
        await Expect(studio.TestId("export-definition")).ToHaveTextAsync("Export v1");
        var download = await studio.Page.RunAndWaitForDownloadAsync(() => studio.TestId("export-definition").ClickAsync());
        Assert.Equal($"{id}.v1.json", download.SuggestedFilename);
        var exported = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!))!.AsObject();
        Assert.Equal(id, (string?)exported["id"]);
        Assert.Equal("First", (string?)exported["title"]);

        await studio.TestId("import-definition").ClickAsync();
        async Task ImportAsync(string name, string text)
        {
            await studio.TestId("import-file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(text) });
            await studio.TestId("import-submit").ClickAsync();
        }

        await ImportAsync("broken.json", "{ \"id\": \"" + id + "\", ");
        await Expect(studio.TestId("problem")).ToContainTextAsync("broken.json is not JSON");
        await Expect(studio.TestId("problem")).ToContainTextAsync("file:");

        // The export brought back: the workflow has no draft, so it becomes one at once.
        await ImportAsync($"{id}.v1.json", exported.ToJsonString());
        await Expect(studio.TestId("import-result")).ToContainTextAsync($"Imported as the draft of {id}");
        await Expect(studio.TestId("import-result")).ToContainTextAsync("no validation problems");

        // Again, now over that draft: asked first, naming who saved it; an end step without its outcome is listed by step and field.
        var invalid = Definition("Broken");
        invalid["steps"]![0]!["inputs"] = new JsonObject();
        await ImportAsync("invalid.json", invalid.ToJsonString());
        var dialog = studio.TestId("confirm-dialog");
        await Expect(dialog).ToContainTextAsync($"Replace the draft of {id}?");
        await Expect(dialog.GetByTestId("import-replaces")).ToContainTextAsync($"saved by {TestPrincipals.DesignerName}");
        await dialog.GetByTestId("confirm-button").ClickAsync();
        await Expect(studio.TestId("import-result")).ToContainTextAsync("with 1 validation problem");
        var problem = studio.TestId("problems-list").GetByTestId("problem");
        await Expect(problem).ToHaveAttributeAsync("data-step-id", "end");
        await Expect(problem).ToHaveAttributeAsync("data-field", "inputs.outcome");
        Assert.Equal("Broken", (string?)(await fixture.Api.GetDraftAsync(id))["definition"]!["title"]);

        await studio.TestId("import-open-designer").ClickAsync();
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();
        await Expect(studio.TestId("problems-toggle")).ToHaveTextAsync("1 problem");
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AViewerReadsWhoPublishedEachVersionAndWhy_AndComparesTwoVersionsSideBySide()
    {
        var id = "compare-" + Guid.NewGuid().ToString("N")[..8];
        JsonObject Definition(string outcome) => new()
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Compare", ["start"] = "end",
            ["input"] = new JsonArray(new JsonObject
            {
                ["name"] = "verifiedCustomerRefId", ["type"] = "String", ["required"] = true,
                ["description"] = "The partner's reference of the borrower, as its verification answered it.",
            }),
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = outcome } }),
        };
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(Definition("Done")));
        await fixture.Api.PublishAsync(id, await fixture.Api.NewDraftAsync(Definition("Approved")));

        await using var viewer = await fixture.OpenAsync(apiKey: TestPrincipals.ViewerKey);
        await viewer.GotoAsync($"/definitions/{id}?version=2");
        await Expect(viewer.TestId("version-shown")).ToContainTextAsync("v2 published by ");
        await Expect(viewer.TestId("version-shown")).ToContainTextAsync("published by the test");
        await viewer.TestId("version-list").Locator("summary").ClickAsync();
        await Expect(viewer.TestId("version-row")).ToHaveCountAsync(2);
        await Expect(viewer.TestId("version-row").First.GetByTestId("version-reason")).ToHaveTextAsync("published by the test");

        // Walk 49: in a 390 px window the versions table (its visually hidden "Compare" header too) and the journey input
        // table widened the whole page (422-496 px wide), the reasons and descriptions cut at the window's edge. Each table
        // scrolls in a box of its own now, and the page does not scroll sideways.
        await viewer.Page.SetViewportSizeAsync(390, 844);
        await viewer.Page.GetByText("Journey input (1 field)", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await Expect(viewer.Page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "verifiedCustomerRefId" })).ToBeVisibleAsync();
        await Expect(viewer.TestId("version-row")).ToHaveCountAsync(2);
        var widths = await viewer.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"the definition's page is {widths[0]} px wide in a {widths[1]} px window");
        await viewer.Page.SetViewportSizeAsync(1366, 900);

        await viewer.TestId("version-row").First.GetByTestId("version-compare").ClickAsync();
        await Expect(viewer.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/definitions/{id}/compare\\?from=1&to=2$"));
        var result = viewer.TestId("compare-result");
        await Expect(result.GetByTestId("changed-step")).ToHaveTextAsync("end: inputs.outcome");
        await Expect(result.GetByTestId("json-diff")).ToContainTextAsync("\"outcome\": \"Approved\"");
        await Expect(viewer.TestId("compare-from")).ToHaveValueAsync("1");
        await viewer.TestId("compare-from").SelectOptionAsync("2");
        await Expect(result.GetByTestId("diff-counts")).ToHaveTextAsync("The texts are the same.");
        viewer.AssertNoConsoleErrors();
    }
}
