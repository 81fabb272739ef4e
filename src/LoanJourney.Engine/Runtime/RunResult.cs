using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>How a run ended: the last committed state, and whether an in-memory (sensitive) stimulus was consumed.</summary>
internal sealed record RunResult(InstanceRecord State, bool StimulusConsumed);
