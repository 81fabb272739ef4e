using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    private static DraftSave Draft(string json, DraftSaveMode mode = DraftSaveMode.Upsert, long? expected = null, string author = "ana") =>
        new("wf", json, "hash-" + json.Length, author, T0, mode, expected, "save", "{}");

    [Fact]
    public async Task SaveDraft_EverySave_IncreasesTheRevision()
    {
        var first = await Store.SaveDraftAsync(Draft("{\"a\":1}", DraftSaveMode.Create), default);
        var second = await Store.SaveDraftAsync(Draft("{\"a\":2}", DraftSaveMode.Update, expected: first.Revision), default);

        Assert.Equal(new DraftSaveResult(DraftSaveStatus.Saved, 1), first);
        Assert.Equal(new DraftSaveResult(DraftSaveStatus.Saved, 2), second);
        var draft = await Store.GetDraftAsync("wf", default);
        Assert.Equal(("{\"a\":2}", 2L, "ana", T0), (draft!.Json, draft.Revision, draft.SavedBy, draft.SavedAt));
    }

    [Fact]
    public async Task SaveDraft_StaleExpectedRevision_SavesNothing()
    {
        await Store.SaveDraftAsync(Draft("{\"a\":1}", DraftSaveMode.Create), default);
        await Store.SaveDraftAsync(Draft("{\"a\":2}"), default);

        var stale = await Store.SaveDraftAsync(Draft("{\"a\":3}", expected: 1), default);

        Assert.Equal(new DraftSaveResult(DraftSaveStatus.StaleRevision, 2), stale);
        Assert.Equal("{\"a\":2}", (await Store.GetDraftAsync("wf", default))!.Json);
    }

    // An import (POST /api/workflows/import: an upsert with action "import") with the revision the importer last saw. A stale
    // one saves nothing, neither the draft nor a history row, so the refusal names who saved the draft since (the server reads
    // it from the history's last row: ben, not the importer); the right one replaces the draft and writes its history row
    // with the same revision, one change.
    [Fact]
    public async Task Import_WithAnExpectedRevision_StaleIsRefusedLeavingWhoSavedIt_TheRightOneGoesInWithItsHistoryRow()
    {
        static DraftSave Import(long expected) => new("wf", "{\"imported\":true}", "hash-imported", "cy", T0.AddHours(2), DraftSaveMode.Upsert, expected, "import", "{}");
        await Store.SaveDraftAsync(Draft("{\"a\":1}", DraftSaveMode.Create), default);
        await Store.SaveDraftAsync(new DraftSave("wf", "{\"a\":2}", "hash-2", "ben", T0.AddHours(1), DraftSaveMode.Update, 1, "save", "{}"), default);

        var stale = await Store.SaveDraftAsync(Import(1), default);
        var draftAfterStale = await Store.GetDraftAsync("wf", default);
        var historyAfterStale = await Store.GetDefinitionHistoryAsync("wf", default);
        var imported = await Store.SaveDraftAsync(Import(2), default);

        Assert.Equal(new DraftSaveResult(DraftSaveStatus.StaleRevision, 2), stale);
        Assert.Equal(("{\"a\":2}", 2L, "ben"), (draftAfterStale!.Json, draftAfterStale.Revision, draftAfterStale.SavedBy));
        Assert.Equal(("save", 2L, "ben", T0.AddHours(1)), (historyAfterStale[^1].Action, historyAfterStale[^1].Revision, historyAfterStale[^1].Author, historyAfterStale[^1].At));
        Assert.Equal(2, historyAfterStale.Count);
        Assert.Equal(new DraftSaveResult(DraftSaveStatus.Saved, 3), imported);
        var draft = await Store.GetDraftAsync("wf", default);
        Assert.Equal(("{\"imported\":true}", "hash-imported", 3L, "cy", T0.AddHours(2)), (draft!.Json, draft.ContentHash, draft.Revision, draft.SavedBy, draft.SavedAt));
        var history = await Store.GetDefinitionHistoryAsync("wf", default);
        Assert.Equal([("save", 1L, "ana"), ("save", 2L, "ben"), ("import", 3L, "cy")], history.Select(h => (h.Action, h.Revision!.Value, h.Author)));
    }

    [Fact]
    public async Task SaveDraft_ExpectedVersionNotTheLatest_SavesNothing_AndNamesTheLatest()
    {
        // After a publish there is no draft, so expectedRevision 0 matches again: the version is what tells a save begun
        // on the version before it.
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default);
        var saved = await Store.SaveDraftAsync(Draft("{\"v\":2}", DraftSaveMode.Update, expected: 0), default);
        await Store.PublishDraftAsync(new DraftPublish("wf", saved.Revision, 2, "{\"v\":2}", "h2", "bo", T0, "{}"), default);

        var stale = await Store.SaveDraftAsync(Draft("{\"v\":1}", DraftSaveMode.Update, expected: 0) with { ExpectedVersion = 1 }, default);
        var current = await Store.SaveDraftAsync(Draft("{\"v\":3}", DraftSaveMode.Update, expected: 0) with { ExpectedVersion = 2 }, default);

        Assert.Equal(new DraftSaveResult(DraftSaveStatus.StaleVersion, 0, 2), stale);
        Assert.Equal(DraftSaveStatus.Saved, current.Status);
        Assert.Equal("{\"v\":3}", (await Store.GetDraftAsync("wf", default))!.Json);
    }

    [Fact]
    public async Task SaveDraft_CreateWhenPublishedOrDrafted_AlreadyExists_UpdateWhenUnknown_NotFound()
    {
        Assert.Equal(DraftSaveStatus.NotFound, (await Store.SaveDraftAsync(Draft("{}", DraftSaveMode.Update), default)).Status);
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default);

        Assert.Equal(DraftSaveStatus.AlreadyExists, (await Store.SaveDraftAsync(Draft("{}", DraftSaveMode.Create), default)).Status);
        Assert.Equal(DraftSaveStatus.Saved, (await Store.SaveDraftAsync(Draft("{}", DraftSaveMode.Update), default)).Status);
        Assert.Equal(DraftSaveStatus.AlreadyExists, (await Store.SaveDraftAsync(Draft("{}", DraftSaveMode.Create), default)).Status);
    }

    [Fact]
    public async Task PublishDraft_StoresTheVersion_RemovesTheDraft_AndWritesHistory()
    {
        var saved = await Store.SaveDraftAsync(Draft("{\"v\":1}", DraftSaveMode.Create), default);

        var status = await Store.PublishDraftAsync(new DraftPublish("wf", saved.Revision, 1, "{\"v\":1}", "h1", "bo", T0.AddMinutes(1), "{\"added\":[\"a\"]}"), default);

        Assert.Equal(DraftPublishStatus.Published, status);
        Assert.Null(await Store.GetDraftAsync("wf", default));
        var published = Assert.Single(await Store.GetPublishedAsync("wf", default));
        Assert.Equal(new PublishedDefinition("wf", 1, "{\"v\":1}", "h1", "bo", T0.AddMinutes(1)), published);
        Assert.Equal(published, await Store.GetPublishedVersionAsync("wf", 1, default));
        var history = await Store.GetDefinitionHistoryAsync("wf", default);
        Assert.Equal(["save", "publish"], history.Select(h => h.Action));
        Assert.Equal(("bo", 1L, 1), (history[1].Author, history[1].Revision!.Value, history[1].Version!.Value));
        Assert.Equal("{\"added\":[\"a\"]}", history[1].Summary);
    }

    [Fact]
    public async Task PublishDraft_StaleRevision_NoDraft_OrTakenVersion_ChangesNothing()
    {
        Assert.Equal(DraftPublishStatus.NoDraft, await Store.PublishDraftAsync(new DraftPublish("wf", 1, 1, "{}", "h", "bo", T0, "{}"), default));
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default);
        await Store.SaveDraftAsync(Draft("{\"v\":2}"), default);
        var second = await Store.SaveDraftAsync(Draft("{\"v\":3}"), default);

        Assert.Equal(DraftPublishStatus.StaleRevision, await Store.PublishDraftAsync(new DraftPublish("wf", second.Revision - 1, 2, "{}", "h", "bo", T0, "{}"), default));
        Assert.Equal(DraftPublishStatus.VersionTaken, await Store.PublishDraftAsync(new DraftPublish("wf", second.Revision, 1, "{}", "h", "bo", T0, "{}"), default));

        Assert.Equal(second.Revision, (await Store.GetDraftAsync("wf", default))!.Revision);
        Assert.Equal([1], (await Store.GetPublishedAsync("wf", default)).Select(p => p.Version));
    }

    [Fact]
    public async Task PublishDraft_Unchanged_RemovesTheDraftWithoutANewVersion()
    {
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default);
        var saved = await Store.SaveDraftAsync(Draft("{}"), default);

        var status = await Store.PublishDraftAsync(new DraftPublish("wf", saved.Revision, 1, "{}", "h1", "bo", T0, "{}", Unchanged: true), default);

        Assert.Equal(DraftPublishStatus.Published, status);
        Assert.Null(await Store.GetDraftAsync("wf", default));
        Assert.Equal("h1", Assert.Single(await Store.GetPublishedAsync("wf", default)).ContentHash);
    }

    [Fact]
    public async Task PublishDraft_UnchangedWithAnotherLayout_TakesTheDraftsJsonIntoTheLatestVersion_AndNothingElse()
    {
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{\"layout\":{\"a\":{\"x\":1,\"y\":2}}}", T0, default);
        const string moved = "{\"layout\":{\"a\":{\"x\":300,\"y\":2}}}";
        var saved = await Store.SaveDraftAsync(Draft(moved), default);

        var status = await Store.PublishDraftAsync(new DraftPublish("wf", saved.Revision, 1, moved, "h1", "bo", T0.AddMinutes(1), "{\"layoutChanged\":true}", Unchanged: true), default);

        Assert.Equal(DraftPublishStatus.Published, status);
        var latest = Assert.Single(await Store.GetPublishedAsync("wf", default));
        Assert.Equal((1, "h1", moved, T0), (latest.Version, latest.ContentHash, latest.Json, latest.PublishedAt));
        Assert.Equal(moved, await Store.GetDefinitionJsonAsync("wf", 1, default));
        Assert.Equal(("publish", 1), (await Store.GetDefinitionHistoryAsync("wf", default)).Select(h => (h.Action, h.Version)).Last());
    }

    [Fact]
    public async Task SaveDefinition_SameHashWithALayout_FillsAStoredVersionWithoutOne_OnceAndNeverReplacesAStoredLayout()
    {
        const string bare = "{\"steps\":[]}";
        const string laidOut = "{\"steps\":[],\"layout\":{\"a\":{\"x\":12,\"y\":12}}}";
        const string other = "{\"steps\":[],\"layout\":{\"a\":{\"x\":400,\"y\":12}}}";
        await Store.SaveDefinitionAsync("wf", 1, "h1", bare, T0, default);

        Assert.Equal(DefinitionSaveResult.LayoutAdopted, await Store.SaveDefinitionAsync("wf", 1, "h1", laidOut, T0.AddMinutes(1), default));
        Assert.Equal(DefinitionSaveResult.Unchanged, await Store.SaveDefinitionAsync("wf", 1, "h1", laidOut, T0.AddMinutes(2), default));
        Assert.Equal(DefinitionSaveResult.Unchanged, await Store.SaveDefinitionAsync("wf", 1, "h1", other, T0.AddMinutes(3), default));
        Assert.Equal(DefinitionSaveResult.Unchanged, await Store.SaveDefinitionAsync("wf", 1, "h1", bare, T0.AddMinutes(4), default));

        var stored = Assert.Single(await Store.GetPublishedAsync("wf", default));
        Assert.Equal((1, "h1", laidOut, T0), (stored.Version, stored.ContentHash, stored.Json, stored.PublishedAt));
        var history = await Store.GetDefinitionHistoryAsync("wf", default);
        Assert.Equal([("seed", 1), ("seed", 1)], history.Select(h => (h.Action, h.Version)));
        var filled = LoanJourney.Engine.Design.ChangeSummary.FromJson(history[1].Summary);
        Assert.Equal((true, 0, false), (filled.LayoutChanged, filled.Changed.Count, filled.DefinitionChanged));
    }

    [Fact]
    public async Task DeleteDraft_KeepsTheRevisionCounter_SoAnOldRevisionNeverMatchesANewDraft()
    {
        await Store.SaveDraftAsync(Draft("{}", DraftSaveMode.Create), default);
        Assert.True(await Store.DeleteDraftAsync("wf", "cy", T0, default));
        Assert.False(await Store.DeleteDraftAsync("wf", "cy", T0, default));

        var again = await Store.SaveDraftAsync(Draft("{}", expected: 0), default);

        Assert.Equal(2, again.Revision);
        Assert.Equal(["save", "delete", "save"], (await Store.GetDefinitionHistoryAsync("wf", default)).Select(h => h.Action));
    }

    [Fact]
    public async Task GetPublished_WithoutId_GivesTheLatestOfEachWorkflow()
    {
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{\"v\":1}", T0, default);
        await Store.SaveDefinitionAsync("wf", 2, "h2", "{\"v\":2}", T0, default);
        await Store.SaveDefinitionAsync("other", 1, "o1", "{}", T0, default);

        var latest = await Store.GetPublishedAsync(null, default);

        Assert.Equal([("other", 1), ("wf", 2)], latest.Select(p => (p.WorkflowId, p.Version)));
        Assert.Equal("workflows/", latest[0].PublishedBy);
        Assert.Equal(["seed", "seed"], (await Store.GetDefinitionHistoryAsync("wf", default)).Select(h => h.Action));
    }
}
