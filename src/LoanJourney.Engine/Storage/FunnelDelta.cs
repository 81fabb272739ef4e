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
        var after = Read(newHistory, newOutcome, before);

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

    private static Contribution Read(string history, string? journeyOutcome, Contribution? texts = null)
    {
        var slot = RuntimeHelpers.GetHashCode(history) & (Recent.Length - 1);
        if (Volatile.Read(ref Recent[slot]) is { } seen && ReferenceEquals(seen.History, history) && seen.Contribution.JourneyOutcome == journeyOutcome)
        {
            return seen.Contribution;
        }

        var contribution = Parse(history, journeyOutcome, texts);
        Volatile.Write(ref Recent[slot], new Seen(history, contribution));
        return contribution;
    }

    // A forward-only read of the entries' six fields the aggregates use (Utf8JsonReader: no document is built). Only the texts the
    // contribution keeps become strings — a step id, an execution's two times — and those already held by TEXTS (the old side of
    // the commit: a new history repeats the entries of the one before but its last) or by an earlier entry are taken from there:
    // a commit's new side used to allocate every entry's six fields again (docs/PERFORMANCE.md, round 52). Status, outcome and
    // activity are only compared.
    private static Contribution Parse(string history, string? journeyOutcome, Contribution? texts)
    {
        var contribution = new Contribution(journeyOutcome, texts);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(history.Length));
        Span<char> stepIdBuffer = stackalloc char[TextBuffer];
        Span<char> startedAtBuffer = stackalloc char[TextBuffer];
        Span<char> finishedAtBuffer = stackalloc char[TextBuffer];
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

                // As before: a field holds the last string value given for it (another kind of value leaves it as it was).
                Text stepId = default, startedAt = default, finishedAt = default;
                bool completed = false, skipped = false, rejectedOutcome = false, hasActivity = false, endActivity = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.ValueTextEquals("stepId"u8) ? 1
                        : reader.ValueTextEquals("status"u8) ? 2
                        : reader.ValueTextEquals("outcome"u8) ? 3
                        : reader.ValueTextEquals("activity"u8) ? 4
                        : reader.ValueTextEquals("startedAt"u8) ? 5
                        : reader.ValueTextEquals("finishedAt"u8) ? 6
                        : 0;
                    reader.Read();
                    if (name == 0 || reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                        continue;
                    }

                    switch (name)
                    {
                        case 1: stepId = Text.Read(ref reader, stepIdBuffer); break;
                        case 2: (completed, skipped) = (reader.ValueTextEquals("Completed"u8), reader.ValueTextEquals("Skipped"u8)); break;
                        case 3: rejectedOutcome = reader.ValueTextEquals("Rejected"u8); break;
                        case 4: (hasActivity, endActivity) = (true, reader.ValueTextEquals("Core.End"u8)); break;
                        case 5: startedAt = Text.Read(ref reader, startedAtBuffer); break;
                        default: finishedAt = Text.Read(ref reader, finishedAtBuffer); break;
                    }
                }

                if (!stepId.IsSet)
                {
                    continue;
                }

                var step = contribution.StepId(stepId.Span(stepIdBuffer), out var flags);
                contribution.Steps[step] = new StepFlags(
                    1,
                    flags.Completed | (completed || skipped ? 1 : 0),
                    flags.Rejected | (journeyRejected && completed && rejectedOutcome && hasActivity && !endActivity ? 1 : 0));

                if (completed && startedAt.IsSet && finishedAt.IsSet)
                {
                    contribution.AddExecution(step, startedAt.Span(startedAtBuffer), finishedAt.Span(finishedAtBuffer));
                }
            }

            return contribution;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Longer values (never a step id or an ISO time) are read as strings.
    private const int TextBuffer = 128;

    // A string value read into a buffer (its length), or as a string when longer than the buffer; default: no value read.
    private readonly struct Text
    {
        private readonly int _lengthPlusOne;
        private readonly string? _long;

        private Text(int length, string? text)
        {
            _lengthPlusOne = length + 1;
            _long = text;
        }

        public bool IsSet => _lengthPlusOne > 0 || _long is not null;

        public static Text Read(ref Utf8JsonReader reader, scoped Span<char> buffer) =>
            !reader.HasValueSequence && reader.ValueSpan.Length <= buffer.Length ? new Text(reader.CopyString(buffer), null) : new Text(-1, reader.GetString());

        public ReadOnlySpan<char> Span(Span<char> buffer) => _long is not null ? _long.AsSpan() : buffer[..(_lengthPlusOne - 1)];
    }

    /// <summary>One step's counter changes.</summary>
    public readonly record struct StepChange(string StepId, int Reached, int Completed, int Rejected);

    /// <summary>Completed executions of a step with these timestamps (ISO 8601, as the history holds them) added or taken away.</summary>
    public readonly record struct DurationChange(string StepId, string StartedAt, string FinishedAt, int Executions);

    private readonly record struct StepFlags(int Reached, int Completed, int Rejected);

    private readonly record struct Execution(string StepId, string StartedAt, string FinishedAt);

    private sealed record Seen(string History, Contribution Contribution);

    private sealed class Contribution
    {
        private readonly Contribution? _texts;

        public Contribution(string? journeyOutcome, Contribution? texts = null)
        {
            JourneyOutcome = journeyOutcome;
            _texts = texts;
            // Sized as the side it repeats: a history grows by an entry or two per commit.
            Steps = new Dictionary<string, StepFlags>(texts is null ? 0 : texts.Steps.Count + 1, StringComparer.Ordinal);
            Executions = new Dictionary<Execution, int>(texts is null ? 0 : texts.Executions.Count + 1, ExecutionComparer.Instance);
        }

        public string? JourneyOutcome { get; }

        public Dictionary<string, StepFlags> Steps { get; }

        public Dictionary<Execution, int> Executions { get; }

        // The step id as a string: this contribution's, the other side's, or a new one; and the flags counted for it so far.
        public string StepId(ReadOnlySpan<char> text, out StepFlags flags)
        {
            if (Steps.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var known, out flags))
            {
                return known;
            }

            return _texts is not null && _texts.Steps.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var other, out _) ? other : new string(text);
        }

        public void AddExecution(string stepId, ReadOnlySpan<char> startedAt, ReadOnlySpan<char> finishedAt)
        {
            var key = new ExecutionText(stepId, startedAt, finishedAt);
            var lookup = Executions.GetAlternateLookup<ExecutionText>();
            if (lookup.TryGetValue(key, out var execution, out var count))
            {
                Executions[execution] = count + 1;
                return;
            }

            if (_texts is null || !_texts.Executions.GetAlternateLookup<ExecutionText>().TryGetValue(key, out execution, out _))
            {
                execution = new Execution(stepId, new string(startedAt), new string(finishedAt));
            }

            Executions[execution] = 1;
        }
    }

    // An execution's key as read, before it is made of strings.
    private readonly ref struct ExecutionText(string stepId, ReadOnlySpan<char> startedAt, ReadOnlySpan<char> finishedAt)
    {
        public string StepId { get; } = stepId;

        public ReadOnlySpan<char> StartedAt { get; } = startedAt;

        public ReadOnlySpan<char> FinishedAt { get; } = finishedAt;
    }

    // Ordinal, as the record struct's own equality; the text form hashes alike.
    private sealed class ExecutionComparer : IEqualityComparer<Execution>, IAlternateEqualityComparer<ExecutionText, Execution>
    {
        public static readonly ExecutionComparer Instance = new();

        public bool Equals(Execution x, Execution y) =>
            string.Equals(x.StepId, y.StepId, StringComparison.Ordinal) && string.Equals(x.StartedAt, y.StartedAt, StringComparison.Ordinal)
            && string.Equals(x.FinishedAt, y.FinishedAt, StringComparison.Ordinal);

        public int GetHashCode(Execution obj) => Hash(obj.StepId, obj.StartedAt, obj.FinishedAt);

        public bool Equals(ExecutionText alternate, Execution other) =>
            string.Equals(alternate.StepId, other.StepId, StringComparison.Ordinal) && alternate.StartedAt.SequenceEqual(other.StartedAt)
            && alternate.FinishedAt.SequenceEqual(other.FinishedAt);

        public int GetHashCode(ExecutionText alternate) => Hash(alternate.StepId, alternate.StartedAt, alternate.FinishedAt);

        public Execution Create(ExecutionText alternate) => new(alternate.StepId, new string(alternate.StartedAt), new string(alternate.FinishedAt));

        private static int Hash(ReadOnlySpan<char> stepId, ReadOnlySpan<char> startedAt, ReadOnlySpan<char> finishedAt) =>
            HashCode.Combine(string.GetHashCode(stepId, StringComparison.Ordinal), string.GetHashCode(startedAt, StringComparison.Ordinal),
                string.GetHashCode(finishedAt, StringComparison.Ordinal));
    }
}
