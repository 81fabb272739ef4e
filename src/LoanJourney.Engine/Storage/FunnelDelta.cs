using System.Text.Json;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// What one write of an instance changes in the funnel's aggregates (<c>funnel_steps</c>, <c>funnel_durations</c>;
/// migrations 0017 and 0021), from the history the writer read and the history it writes. The store applies it in the
/// commit's own transaction, so the aggregates' triggers need not parse both whole histories on every step (issue 17:
/// that cost a no-op step 2.2–2.9 × its CPU). The rules are the triggers' own: a journey counts once per step it
/// started (<c>reached</c>), completed or skipped (<c>completed</c>), and completed with the outcome <c>Rejected</c>
/// when the journey ended <c>Rejected</c> (<c>rejected</c>, not for a <c>Core.End</c> step); every completed execution
/// counts once by its duration. Durations stay timestamps here: the database computes them with the triggers' own
/// expression, so both ways of keeping the aggregates round a millisecond alike.
/// </summary>
internal sealed class FunnelDelta
{
    private const string Completed = "Completed";
    private const string Rejected = "Rejected";

    /// <summary>No change.</summary>
    public static readonly FunnelDelta None = new([], []);

    private FunnelDelta(IReadOnlyList<StepChange> steps, IReadOnlyList<DurationChange> durations)
    {
        Steps = steps;
        Durations = durations;
    }

    /// <summary>Counter changes per step, in step id order (the order the PostgreSQL triggers lock rows in).</summary>
    public IReadOnlyList<StepChange> Steps { get; }

    /// <summary>Completed executions added (+1) or taken away (-1), in step id order.</summary>
    public IReadOnlyList<DurationChange> Durations { get; }

    /// <summary>True when the write changes no aggregate row.</summary>
    public bool IsEmpty => Steps.Count == 0 && Durations.Count == 0;

    /// <summary>The change from one history (and journey outcome) to the next.</summary>
    public static FunnelDelta Between(string oldHistory, string? oldOutcome, string newHistory, string? newOutcome)
    {
        if (string.Equals(oldOutcome, newOutcome, StringComparison.Ordinal) && string.Equals(oldHistory, newHistory, StringComparison.Ordinal))
        {
            return None;
        }

        var before = Read(oldHistory, oldOutcome);
        var after = Read(newHistory, newOutcome);

        var steps = new List<StepChange>();
        foreach (var stepId in before.Steps.Keys.Union(after.Steps.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.Steps.GetValueOrDefault(stepId);
            var now = after.Steps.GetValueOrDefault(stepId);
            var change = new StepChange(stepId, now.Reached - was.Reached, now.Completed - was.Completed, now.Rejected - was.Rejected);
            if (change.Reached != 0 || change.Completed != 0 || change.Rejected != 0)
            {
                steps.Add(change);
            }
        }

        var durations = new List<DurationChange>();
        foreach (var execution in before.Executions.Keys.Union(after.Executions.Keys)
            .OrderBy(e => e.StepId, StringComparer.Ordinal).ThenBy(e => e.StartedAt, StringComparer.Ordinal).ThenBy(e => e.FinishedAt, StringComparer.Ordinal))
        {
            var count = after.Executions.GetValueOrDefault(execution) - before.Executions.GetValueOrDefault(execution);
            if (count != 0)
            {
                durations.Add(new DurationChange(execution.StepId, execution.StartedAt, execution.FinishedAt, count));
            }
        }

        return steps.Count == 0 && durations.Count == 0 ? None : new FunnelDelta(steps, durations);
    }

    private static Contribution Read(string history, string? journeyOutcome)
    {
        var contribution = new Contribution();
        using var document = JsonDocument.Parse(history);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return contribution;
        }

        var journeyRejected = journeyOutcome == Rejected;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || Text(entry, "stepId") is not { } stepId)
            {
                continue;
            }

            var status = Text(entry, "status");
            var completed = status == Completed;
            var flags = contribution.Steps.GetValueOrDefault(stepId);
            contribution.Steps[stepId] = new StepFlags(
                1,
                flags.Completed | (completed || status == "Skipped" ? 1 : 0),
                flags.Rejected | (journeyRejected && completed && Text(entry, "outcome") == Rejected && Text(entry, "activity") is { } activity && activity != "Core.End" ? 1 : 0));

            if (completed && Text(entry, "startedAt") is { } startedAt && Text(entry, "finishedAt") is { } finishedAt)
            {
                var execution = new Execution(stepId, startedAt, finishedAt);
                contribution.Executions[execution] = contribution.Executions.GetValueOrDefault(execution) + 1;
            }
        }

        return contribution;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One step's counter changes.</summary>
    public readonly record struct StepChange(string StepId, int Reached, int Completed, int Rejected);

    /// <summary>Completed executions of a step with these timestamps (ISO 8601, as the history holds them) added or taken away.</summary>
    public readonly record struct DurationChange(string StepId, string StartedAt, string FinishedAt, int Executions);

    private readonly record struct StepFlags(int Reached, int Completed, int Rejected);

    private readonly record struct Execution(string StepId, string StartedAt, string FinishedAt);

    private sealed class Contribution
    {
        public Dictionary<string, StepFlags> Steps { get; } = new(StringComparer.Ordinal);

        public Dictionary<Execution, int> Executions { get; } = [];
    }
}
