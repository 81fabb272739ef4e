namespace LoanJourney.Engine.Runtime;

/// <summary>Statuses of a step history entry.</summary>
internal static class StepStatuses
{
    public const string Running = "Running";
    public const string Waiting = "Waiting";
    public const string Retrying = "Retrying";
    public const string Completed = "Completed";
    public const string Faulted = "Faulted";
    public const string Skipped = "Skipped";
}
