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

        var saved = await designer.SaveDraftAsync("moved", JsonNode.Parse(File(480))!.AsObject(), "ana", Engine.Storage.DraftSaveMode.Update, null, "save", default);
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
}
