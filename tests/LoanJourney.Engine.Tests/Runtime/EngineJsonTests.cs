using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class EngineJsonTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(5.5));

    private static List<StepHistoryEntry> History() =>
    [
        new() { StepId = "create", Activity = "FinBox.CreateUser", Status = "Completed", StartedAt = Started, FinishedAt = Started.AddSeconds(1), Outcome = "Done" },
        new() { StepId = "bre", Activity = "FinBox.RunBre", Status = "Waiting", Attempt = 2, StartedAt = Started.AddSeconds(2), Error = "Timeout" },
    ];

    [Fact]
    public void ReadHistory_OfTheTextItWrote_ReturnsTheWrittenEntries_WithoutParsingAgain()
    {
        var history = History();
        var json = EngineJson.WriteHistory(history);

        var read = EngineJson.ReadHistory(json);

        Assert.Equal(history, read);
        Assert.NotSame(history, read);
        Assert.All(history.Zip(read), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void ReadHistory_ListsAreTheReadersOwn_ChangesToOneDoNotReachTheNextRead()
    {
        var history = History();
        var json = EngineJson.WriteHistory(history);

        history[1] = history[1] with { Status = "Completed" };
        history.Add(new StepHistoryEntry { StepId = "later", Activity = "Core.End", Status = "Running", StartedAt = Started });
        var first = EngineJson.ReadHistory(json);
        first.Clear();
        var second = EngineJson.ReadHistory(json);

        Assert.Equal(2, second.Count);
        Assert.Equal("Waiting", second[1].Status);
        Assert.Equal(EngineJson.ReadHistory(new string(json.AsSpan())), second);
    }

    [Fact]
    public void ReadHistory_OfAnEqualTextFromElsewhere_ParsesIt()
    {
        var history = History();
        var json = EngineJson.WriteHistory(history);

        var read = EngineJson.ReadHistory(new string(json.AsSpan()));

        Assert.Equal(history, read);
        Assert.All(history.Zip(read), pair => Assert.NotSame(pair.First, pair.Second));
    }
}
