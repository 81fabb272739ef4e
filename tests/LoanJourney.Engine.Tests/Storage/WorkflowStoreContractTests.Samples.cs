using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    // A workflow's sample (session 43): one per workflow, replaced by each save, kept across a draft's save and publish,
    // each save and removal a history row without a revision, so the draft's next revision is unchanged by it.
    [Fact]
    public async Task Sample_SavedReplacedAndRemoved_WithHistoryRows_AndTheDraftsRevisionsUntouched()
    {
        Assert.Null(await Store.GetSampleAsync("wf", default));
        await Store.SaveDraftAsync(Draft("{\"a\":1}", DraftSaveMode.Create), default);

        await Store.SaveSampleAsync(new SampleRecord("wf", "{\"customerId\":\"C1\"}", "ana", T0), default);
        await Store.SaveSampleAsync(new SampleRecord("wf", "{\"customerId\":\"C2\"}", "ben", T0.AddHours(1)), default);
        var second = await Store.SaveDraftAsync(Draft("{\"a\":2}", DraftSaveMode.Update, expected: 1), default);

        Assert.Equal(new SampleRecord("wf", "{\"customerId\":\"C2\"}", "ben", T0.AddHours(1)), await Store.GetSampleAsync("wf", default));
        Assert.Null(await Store.GetSampleAsync("other", default));
        Assert.Equal(new DraftSaveResult(DraftSaveStatus.Saved, 2), second);

        Assert.True(await Store.DeleteSampleAsync("wf", "cy", T0.AddHours(2), default));
        Assert.False(await Store.DeleteSampleAsync("wf", "cy", T0.AddHours(2), default));
        Assert.Null(await Store.GetSampleAsync("wf", default));
        var history = await Store.GetDefinitionHistoryAsync("wf", default);
        Assert.Equal(
            [("save", (long?)1, "ana"), ("sample", null, "ana"), ("sample", null, "ben"), ("save", 2, "ana"), ("sample-delete", null, "cy")],
            history.Select(h => (h.Action, h.Revision, h.Author)));
    }
}
