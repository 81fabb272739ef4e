using System.Text.Json.Nodes;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Engine.Tests.Runtime;

// Round 53 (docs/PERFORMANCE.md): the data of the journal entries every step writes is written straight to its text, the same
// text the JsonObjects gave (the Studio and every reader of the journal see the same JSON).
public sealed class JournalDataTests
{
    // Values that the default encoder escapes (quotes, a backslash, HTML-sensitive characters, control characters, non-ASCII text,
    // a surrogate pair), plain ones, and null.
    public static TheoryData<string?> Values() =>
    [
        "FinBoxSourcing.CheckEligibilityAndFetchOffers",
        "node-a:4312",
        "",
        "say \"hi\" \\ back",
        "<script>&'+`",
        "tab\there\nnew line\u0001\u001f\u007f",
        "ऋण स्वीकृत",
        "emoji \U0001F600 and é",
        null,
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void StepData_IsTheTextTheJsonObjectsGave(string? value)
    {
        Assert.Equal(new JsonObject { ["activity"] = value ?? "x", ["node"] = value }.ToJsonString(), JournalData.StepStarted(value ?? "x", value));
        Assert.Equal(new JsonObject { ["kind"] = "Timer", ["bookmark"] = value, ["node"] = value }.ToJsonString(), JournalData.StepResumed("Timer", value, value));
        Assert.Equal(new JsonObject { ["outcome"] = value }.ToJsonString(), JournalData.Outcome(value));
    }

    [Fact]
    public void StepData_AfterAValueThatCannotBeWritten_IsWrittenAsBefore()
    {
        // A lone surrogate: whatever the writer does with it, the same as ToJsonString did, and the next text is whole.
        const string lone = "a\ud800b";
        string? expected;
        try
        {
            expected = new JsonObject { ["outcome"] = lone }.ToJsonString();
        }
        catch (ArgumentException)
        {
            expected = null;
        }

        if (expected is null)
        {
            Assert.ThrowsAny<ArgumentException>(() => JournalData.Outcome(lone));
        }
        else
        {
            Assert.Equal(expected, JournalData.Outcome(lone));
        }

        Assert.Equal("""{"activity":"A","node":"n"}""", JournalData.StepStarted("A", "n"));
    }

    // The guard: a step's StepStarted and StepCompleted data allocate their two texts and nothing else (measured on this thread: the
    // writing is synchronous; not timed). Built as JsonObjects (main before round 53) the same two texts cost ~1 KB.
    [Fact]
    public void StepData_AllocatesOnlyItsTexts()
    {
        const string activity = "FinBoxSourcing.CheckEligibilityAndFetchOffers";
        const string node = "loanjourney-node-1:4312";
        const string outcome = "ApprovedWithConditions";
        for (var i = 0; i < 3; i++)
        {
            JournalData.StepStarted(activity, node);
            JournalData.Outcome(outcome);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = JournalData.StepStarted(activity, node);
        var completed = JournalData.Outcome(outcome);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        // A string of n chars is a 20-byte header and 2 bytes a char, rounded up to 8; 32 a string allows for both.
        var texts = 2 * (started.Length + completed.Length) + 2 * 32;
        Assert.True(bytes <= texts, $"{bytes} bytes allocated for two texts of {started.Length} and {completed.Length} chars (at most {texts})");
    }
}
