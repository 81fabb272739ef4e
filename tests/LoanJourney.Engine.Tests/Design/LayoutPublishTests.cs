using System.Text.Json.Nodes;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Design;

/// <summary>A publish that only moved steps: no new version, the latest one served with the new layout, kept across a restart.</summary>
public sealed class LayoutPublishTests
{
    private static readonly string Steps = $"""
        {Step("a", "Core.WaitForSignal", """{ "Received": "b" }""", """{ "signal": "go" }""")},
        {Step("b", "Test.Record", inputs: """{ "label": "v1" }""")}
        """;

    private static string File(double x) => Workflow("moved", Steps).TrimEnd()[..^1] + $", \"layout\": {{ \"a\": {{ \"x\": {x}, \"y\": 0 }} }} }}";

    [Fact]
    public async Task ALayoutOnlyPublish_KeepsTheVersion_ServesTheNewLayout_AndARestartWithTheOldFileKeepsIt()
    {
        await using var engine = await EngineHarness.StartAsync(File(10));
        var waiting = await engine.StartAndRunAsync("moved");
        var designer = engine.Services.GetRequiredService<DefinitionDesigner>();
        var hash = engine.Catalog.GetLatest("moved").ContentHash;

        var saved = await designer.SaveDraftAsync("moved", JsonNode.Parse(File(480))!.AsObject(), "ana", Engine.Storage.DraftSaveMode.Update, null, null, "save", default);
        var published = await designer.PublishAsync("moved", saved.Result.Revision, "ana", default);

        Assert.Equal((1, true, true, hash), (published.Version, published.Unchanged, published.LayoutUpdated, published.ContentHash));
        Assert.Equal(480, engine.Catalog.GetLatest("moved").Definition.Layout!["a"].X);
        Assert.Equal(480, (await engine.Catalog.GetAsync("moved", 1)).Definition.Layout!["a"].X);
        var history = await engine.Store.GetDefinitionHistoryAsync("moved", default);
        var publish = ChangeSummary.FromJson(history[^1].Summary);
        Assert.Equal(("publish", 1, true, 0), (history[^1].Action, history[^1].Version, publish.LayoutChanged, publish.Changed.Count));

        // The file still holds the old arrangement: it loads as version 1 (same hash), and the store's layout stays.
        await engine.RestartAsync();
        Assert.Empty(engine.Catalog.LoadErrors);
        Assert.Equal(480, engine.Catalog.GetLatest("moved").Definition.Layout!["a"].X);
        Assert.Equal(1, (await engine.Client.GetInstanceAsync(waiting.Id)).WorkflowVersion);
    }

    // A shipped workflow given a saved layout (studio/dev/layout-workflows.mjs) on a server whose store has the version
    // from before, without one: the file is the same version (the layout is outside the hash), and the stored version
    // takes its layout, so the Studio draws it without ELK; no version is made and the waiting journey stays current.
    [Fact]
    public async Task ARestartWithTheFileGivenALayout_FillsTheStoredVersionWithoutOne_NoNewVersion_TheJourneyStaysOnIt()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("moved", Steps));
        var waiting = await engine.StartAndRunAsync("moved");
        var hash = engine.Catalog.GetLatest("moved").ContentHash;
        Assert.Null(engine.Catalog.GetLatest("moved").Definition.Layout);

        engine.WriteDefinition("def0.json", File(12));
        await engine.RestartAsync();

        Assert.Empty(engine.Catalog.LoadErrors);
        var latest = engine.Catalog.GetLatest("moved");
        Assert.Equal((1, hash, (double?)12), (latest.Version, latest.ContentHash, latest.Definition.Layout?["a"].X));
        Assert.Equal(12, (await engine.Catalog.GetAsync("moved", 1)).Definition.Layout!["a"].X);
        Assert.Equal(1, Assert.Single(await engine.Store.GetPublishedAsync("moved", default)).Version);
        var instance = await engine.Client.GetInstanceAsync(waiting.Id);
        Assert.Equal((1, latest.Version), (instance.WorkflowVersion, engine.Catalog.GetLatest("moved").Version));
        var history = await engine.Store.GetDefinitionHistoryAsync("moved", default);
        Assert.Equal([("seed", 1), ("seed", 1)], history.Select(h => (h.Action, h.Version)));
        Assert.True(ChangeSummary.FromJson(history[^1].Summary).LayoutChanged);

        // Once it has one, the stored layout stays (it may have been published from the Studio since): a file with another
        // arrangement is still that version and changes nothing.
        engine.WriteDefinition("def0.json", File(300));
        await engine.RestartAsync();
        Assert.Equal(12, engine.Catalog.GetLatest("moved").Definition.Layout!["a"].X);
        Assert.Equal(2, (await engine.Store.GetDefinitionHistoryAsync("moved", default)).Count);
    }
}
