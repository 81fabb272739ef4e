using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
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
        foreach (var (stepId, now) in after.Steps)
        {
            var was = before.Steps.GetValueOrDefault(stepId);
            if (now != was)
            {
                steps.Add(new StepChange(stepId, now.Reached - was.Reached, now.Completed - was.Completed, now.Rejected - was.Rejected));
            }
        }

        foreach (var (stepId, was) in before.Steps)
        {
            if (!after.Steps.ContainsKey(stepId))
            {
                steps.Add(new StepChange(stepId, -was.Reached, -was.Completed, -was.Rejected));
            }
        }

        var durations = new List<DurationChange>();
        foreach (var (execution, count) in after.Executions)
        {
            var change = count - before.Executions.GetValueOrDefault(execution);
            if (change != 0)
            {
                durations.Add(new DurationChange(execution.StepId, execution.StartedAt, execution.FinishedAt, change));
            }
        }

        foreach (var (execution, count) in before.Executions)
        {
            if (!after.Executions.ContainsKey(execution))
            {
                durations.Add(new DurationChange(execution.StepId, execution.StartedAt, execution.FinishedAt, -count));
            }
        }

        steps.Sort(static (x, y) => string.CompareOrdinal(x.StepId, y.StepId));
        durations.Sort(static (x, y) => string.CompareOrdinal(x.StepId, y.StepId) is var byStep and not 0 ? byStep
            : string.CompareOrdinal(x.StartedAt, y.StartedAt) is var byStart and not 0 ? byStart : string.CompareOrdinal(x.FinishedAt, y.FinishedAt));
        return steps.Count == 0 && durations.Count == 0 ? None : new FunnelDelta(steps, durations);
    }

    // A history the store saw as the new side of one commit is the old side of the runner's next one, by reference: the
    // last contributions are kept in a few slots by the string's identity (not its text), so the old side is rarely parsed
    // again. (A ConditionalWeakTable cost more per commit than the parse it saved.)
    private static readonly Seen?[] Recent = new Seen?[64];

    private static Contribution Read(string history, string? journeyOutcome)
    {
        var slot = RuntimeHelpers.GetHashCode(history) & (Recent.Length - 1);
        if (Volatile.Read(ref Recent[slot]) is { } seen && ReferenceEquals(seen.History, history) && seen.Contribution.JourneyOutcome == journeyOutcome)
        {
            return seen.Contribution;
        }

        var contribution = Parse(history, journeyOutcome);
        Volatile.Write(ref Recent[slot], new Seen(history, contribution));
        return contribution;
    }

    // A forward-only read of the entries' six fields the aggregates use (Utf8JsonReader: no document is built).
    private static Contribution Parse(string history, string? journeyOutcome)
    {
        var contribution = new Contribution(journeyOutcome);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(history.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(history, buffer)));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return contribution;
            }

            var journeyRejected = journeyOutcome == Rejected;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                string? stepId = null, status = null, outcome = null, activity = null, startedAt = null, finishedAt = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ref var field = ref stepId;
                    var known = true;
                    if (reader.ValueTextEquals("stepId"u8)) { field = ref stepId; }
                    else if (reader.ValueTextEquals("status"u8)) { field = ref status; }
                    else if (reader.ValueTextEquals("outcome"u8)) { field = ref outcome; }
                    else if (reader.ValueTextEquals("activity"u8)) { field = ref activity; }
                    else if (reader.ValueTextEquals("startedAt"u8)) { field = ref startedAt; }
                    else if (reader.ValueTextEquals("finishedAt"u8)) { field = ref finishedAt; }
                    else { known = false; }

                    reader.Read();
                    if (known && reader.TokenType == JsonTokenType.String)
                    {
                        field = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (stepId is null)
                {
                    continue;
                }

                var completed = status == Completed;
                var flags = contribution.Steps.GetValueOrDefault(stepId);
                contribution.Steps[stepId] = new StepFlags(
                    1,
                    flags.Completed | (completed || status == "Skipped" ? 1 : 0),
                    flags.Rejected | (journeyRejected && completed && outcome == Rejected && activity is not null && activity != "Core.End" ? 1 : 0));

                if (completed && startedAt is not null && finishedAt is not null)
                {
                    var execution = new Execution(stepId, startedAt, finishedAt);
                    contribution.Executions[execution] = contribution.Executions.GetValueOrDefault(execution) + 1;
                }
            }

            return contribution;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One step's counter changes.</summary>
    public readonly record struct StepChange(string StepId, int Reached, int Completed, int Rejected);

    /// <summary>Completed executions of a step with these timestamps (ISO 8601, as the history holds them) added or taken away.</summary>
    public readonly record struct DurationChange(string StepId, string StartedAt, string FinishedAt, int Executions);

    private readonly record struct StepFlags(int Reached, int Completed, int Rejected);

    private readonly record struct Execution(string StepId, string StartedAt, string FinishedAt);

    private sealed record Seen(string History, Contribution Contribution);

    private sealed class Contribution(string? journeyOutcome)
    {
        public string? JourneyOutcome { get; } = journeyOutcome;

        public Dictionary<string, StepFlags> Steps { get; } = new(StringComparer.Ordinal);

        public Dictionary<Execution, int> Executions { get; } = [];
    }
}
