using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// An operator's Studio tab open across a redeploy of the server with a new build (docs/studio.md, "After a deploy"): the
/// old build's lazily loaded chunks are gone (the server answers 404 for them); the tab reloads onto the new build on the
/// same route, or, where that would lose unsaved designer edits, says so and keeps them. The server here serves a copy of
/// the build that <see cref="RedeployableStudio.Redeploy"/> replaces by "a new build": every asset renamed.
/// </summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class AfterADeployTests(StudioFixture fixture, RedeployableStudio deploy) : IClassFixture<RedeployableStudio>
{
    private const string OpenedBeforeTheDeploy = "() => { window.openedBeforeTheDeploy = true; }";
    private const string StillTheSamePage = "() => window.openedBeforeTheDeploy === true";

    [Fact]
    public async Task ALazyPageOfTheOldBuildIsGone_TheTabReloadsOntoTheNewBuild_OnTheSameRoute_AndThePageWorks()
    {
        var id = await WorkflowAsync("reload");
        await using var studio = await fixture.OpenAsync(server: deploy.Server);
        var page = studio.Page;
        await studio.GotoAsync("/definitions");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Definitions" })).ToHaveAttributeAsync("aria-current", "page");
        await page.EvaluateAsync(OpenedBeforeTheDeploy);

        var renames = deploy.Redeploy();
        var oldDesigner = renames.Keys.Single(n => n.StartsWith("DesignerPage-", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal));
        // Awaited, not collected from the Response event and read after the page showed: Playwright may raise a response's
        // event after the page has already run the script it carried (stop 52's second run: the new chunk's 200 was not
        // in the list yet when the designer was visible).
        var oldAnswer = AnswerForAsync(page, oldDesigner);
        var newAnswer = AnswerForAsync(page, renames[oldDesigner]);

        // The designer's code is loaded when it opens: the old tab asks for its old name.
        await page.EvaluateAsync($"() => {{ location.hash = '#/definitions/{id}/edit'; }}");

        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<bool>(StillTheSamePage), "The tab did not reload.");
        Assert.EndsWith($"/studio/#/definitions/{id}/edit", page.Url, StringComparison.Ordinal);
        Assert.Equal(404, (await oldAnswer).Status);
        Assert.Equal(200, (await newAnswer).Status);

        Assert.NotNull(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('loanjourney.studio.staleBuildReloadAt')"));
        await Expect(studio.TestId("stale-build")).ToHaveCountAsync(0);
        await Expect(studio.TestId("page-not-loaded")).ToHaveCountAsync(0);

        // The designer of the new build works: an edit makes the draft unsaved.
        await studio.StepNode("review").ClickAsync();
        await studio.TestId("step-title").FillAsync("After the deploy");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");

        // Chromium logs each 404 of the old build's files (the chunk and the files it preloads); nothing else.
        studio.AssertNoConsoleErrors(except: "the server responded with a status of 404");
    }

    [Fact]
    public async Task WithUnsavedDesignerEdits_AGoneChunkShowsTheMessageInsteadOfReloading_TheEditsStay_AndReloadAfterSavingLoadsTheNewBuild()
    {
        var id = await WorkflowAsync("unsaved");
        await using var studio = await fixture.OpenAsync(server: deploy.Server);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("review")).ToBeVisibleAsync();
        await studio.StepNode("review").ClickAsync();
        await studio.TestId("step-title").FillAsync("Reviewed across a deploy");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await page.EvaluateAsync(OpenedBeforeTheDeploy);

        var renames = deploy.Redeploy();

        // Every step has a saved position, so ELK was not needed yet: Tidy layout loads it, under its old name.
        await studio.TestId("tidy-layout").ClickAsync();

        var message = studio.TestId("stale-build");
        await Expect(message).ToBeVisibleAsync();
        await Expect(message).ToHaveAttributeAsync("data-reason", "unsaved");
        await Expect(message).ToContainTextAsync("would lose your unsaved changes");
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "true");
        await Expect(studio.TestId("step-title")).ToHaveValueAsync("Reviewed across a deploy");
        Assert.True(await page.EvaluateAsync<bool>(StillTheSamePage), "The tab reloaded over unsaved edits.");
        await studio.ScreenshotAsync("stale-build-unsaved");

        // Saved, the Reload button takes the tab onto the new build, on the same route, with the saved draft.
        await studio.TestId("save-draft").ClickAsync();
        await Expect(studio.TestId("designer")).ToHaveAttributeAsync("data-dirty", "false");
        await studio.TestId("stale-build-reload").ClickAsync();
        await page.WaitForFunctionAsync("() => window.openedBeforeTheDeploy === undefined");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await Expect(studio.TestId("stale-build")).ToHaveCountAsync(0);
        await studio.StepNode("review").ClickAsync();
        await Expect(studio.TestId("step-title")).ToHaveValueAsync("Reviewed across a deploy");
        Assert.EndsWith($"/studio/#/definitions/{id}/edit", page.Url, StringComparison.Ordinal);
        var designer = renames.Single(r => r.Key.StartsWith("DesignerPage-", StringComparison.Ordinal) && r.Key.EndsWith(".js", StringComparison.Ordinal)).Value;
        Assert.Contains(studio.RequestedUrls, u => u.EndsWith("/studio/assets/" + designer, StringComparison.Ordinal));
        studio.AssertNoConsoleErrors(except: "the server responded with a status of 404");
    }

    // Session 32: Monaco creates its workers when an editor first needs them. A designer opened before the deploy whose JSON
    // view is opened after it asks for the old build's worker scripts, which are gone: the tab reloads onto the new build
    // as for a gone chunk. Before, the 404 went unnoticed and the JSON view ran without its worker (no validation).
    [Fact]
    public async Task AMonacoWorkerOfTheOldBuildIsGone_TheTabReloadsOntoTheNewBuild_AndTheJsonViewWorks()
    {
        var id = await WorkflowAsync("worker");
        await using var studio = await fixture.OpenAsync(server: deploy.Server);
        var page = studio.Page;
        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.StepNode("review")).ToBeVisibleAsync();
        await page.EvaluateAsync(OpenedBeforeTheDeploy);

        var renames = deploy.Redeploy();
        var oldWorkers = renames.Keys.Where(n => n.Contains(".worker-", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, oldWorkers.Count);
        var oldWorkerAnswer = page.WaitForResponseAsync(r => oldWorkers.Any(w => r.Url.EndsWith("/studio/assets/" + w, StringComparison.Ordinal)));

        await studio.TestId("tab-json").ClickAsync();

        await page.WaitForFunctionAsync("() => window.openedBeforeTheDeploy === undefined");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        Assert.EndsWith($"/studio/#/definitions/{id}/edit", page.Url, StringComparison.Ordinal);
        Assert.Equal(404, (await oldWorkerAnswer).Status);

        await Expect(studio.TestId("stale-build")).ToHaveCountAsync(0);

        // The new build's JSON view loads its own worker and shows the definition.
        var newJsonWorker = renames[oldWorkers.Single(w => w.StartsWith("json.worker-", StringComparison.Ordinal))];
        var worker = await page.RunAndWaitForResponseAsync(
            () => studio.TestId("tab-json").ClickAsync(), r => r.Url.EndsWith("/studio/assets/" + newJsonWorker, StringComparison.Ordinal));
        Assert.Equal(200, worker.Status);
        await Expect(studio.TestId("json-editor").Locator(".monaco-editor")).ToContainTextAsync("\"start\": \"review\"");
        studio.AssertNoConsoleErrors(except: "the server responded with a status of 404");
    }

    /// <summary>The answer to the page's first request for the asset <paramref name="name"/> (wait started before the request).</summary>
    private static Task<IResponse> AnswerForAsync(IPage page, string name) =>
        page.WaitForResponseAsync(r => r.Url.EndsWith("/studio/assets/" + name, StringComparison.Ordinal));

    /// <summary>A two-step draft whose steps both have a saved position (the designer opens it without ELK).</summary>
    private async Task<string> WorkflowAsync(string prefix)
    {
        var id = $"deploy-{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await deploy.Api.SaveDraftAsync(new JsonObject
        {
            ["id"] = id, ["version"] = 1, ["title"] = "Across a deploy", ["start"] = "review",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "review", ["activity"] = "Core.WaitForSignal", ["inputs"] = new JsonObject { ["signal"] = "go" }, ["next"] = new JsonObject { ["Received"] = "end" } },
                new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
            ["layout"] = new JsonObject
            {
                ["review"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
                ["end"] = new JsonObject { ["x"] = 0, ["y"] = 160 },
            },
        });
        return id;
    }
}
