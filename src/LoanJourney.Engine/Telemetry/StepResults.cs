namespace LoanJourney.Engine.Telemetry;

/// <summary>The <c>result</c> tag of a step execution.</summary>
public static class StepResults
{
    /// <summary>The activity completed with an outcome (or ended the journey).</summary>
    public const string Completed = "completed";

    /// <summary>The activity suspended on bookmarks (a wait, a poll timer).</summary>
    public const string Suspended = "suspended";

    /// <summary>The attempt failed and a retry is scheduled.</summary>
    public const string Retrying = "retrying";

    /// <summary>The attempt failed for good: an incident was raised.</summary>
    public const string Incident = "incident";
}
