namespace LoanJourney.ScaleOut.Tests.Support;

/// <summary>The end checks of a scale-out run.</summary>
public static class RunChecks
{
    /// <summary>
    /// The run's end checks: every journey completed Disbursed, no two executions of one instance overlap in time (so no
    /// step ran on two nodes at once), and the sandbox saw each customer's disbursal, agreement and token share once.
    /// Returns the committed executions for the caller's own checks and figures.
    /// </summary>
    public static async Task<StepExecutions> AssertEveryJourneyCompletedOnceAsync(this LoanRun run, IReadOnlyList<LoanJourneyRef> journeys)
    {
        var states = await run.EndStatesAsync();
        Assert.Equal(journeys.Count, states.Count);
        var notDisbursed = journeys.Where(j => states[j.Id] != ("Completed", "Disbursed")).Select(j => $"{j.Id}: {states[j.Id]}").ToList();
        Assert.True(notDisbursed.Count == 0, "Not Completed/Disbursed: " + string.Join("; ", notDisbursed.Take(20)));

        var executions = await run.ExecutionsAsync();
        Assert.True(executions.Overlaps.Count == 0, "Executions of one instance overlapped: " + string.Join("; ", executions.Overlaps.Take(20)));
        Assert.True(executions.WithoutNode == 0, $"{executions.WithoutNode} executions carry no node id");

        var counters = await run.CountersAsync();
        var wrong = new List<string>();
        foreach (var journey in journeys)
        {
            var mine = counters.GetValueOrDefault(journey.CustomerId) ?? [];
            var shares = counters.GetValueOrDefault(journey.PartnerRef) ?? [];
            var (disbursal, agreement, tokenShare) = (mine.GetValueOrDefault("disbursal"), mine.GetValueOrDefault("agreement"), shares.GetValueOrDefault("tokenShare"));
            if ((disbursal, agreement, tokenShare) != (1, 1, 1))
            {
                wrong.Add($"{journey.CustomerId}: disbursal {disbursal}, agreement {agreement}, tokenShare {tokenShare}");
            }
        }

        Assert.True(wrong.Count == 0, "Effects not exactly once: " + string.Join("; ", wrong.Take(20)));
        return executions;
    }
}
