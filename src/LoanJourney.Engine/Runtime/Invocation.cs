using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// What one activity call produced, before it is committed. <see cref="Variables"/> is the activity's own object, null when it never
/// read or changed them (the committed text is then kept as it is); <see cref="Outputs"/> is the run's read-only parsed outputs
/// (ParsedRow), changed only through <see cref="ParsedRow.WithOutput"/>.
/// </summary>
internal sealed record Invocation(
    ActivityResult Result,
    JsonObject? Variables,
    JsonObject Outputs,
    JsonObject StepState,
    IReadOnlyList<ActivityJournalEntry> Entries,
    DateTimeOffset StartedAt)
{
    /// <summary>Why the step waits again for the sensitive signal it was resumed by, when the activity said (ActivityContext.AskAgain).</summary>
    public AskAgainReason? AskedAgain { get; init; }
}
