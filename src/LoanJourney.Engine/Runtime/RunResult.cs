using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// How a run ended: the last committed state, whether an in-memory (sensitive) stimulus was consumed, and, when the instance
/// suspended on a short timer with its lease kept, the parked run to resume when the timer is due.
/// </summary>
internal sealed record RunResult(InstanceRecord State, bool StimulusConsumed)
{
    public ParkedRun? Parked { get; init; }

    /// <summary>What the step did with the in-memory (sensitive) stimulus, once consumed and committed; null otherwise.</summary>
    public SignalAnswer? Signal { get; init; }
}
