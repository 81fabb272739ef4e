using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>An abandoned journey as it is now (Cancelled), and the once-only calls it left with their outcome unknown.</summary>
public sealed record AbandonResult(WorkflowInstanceSummary Instance, IReadOnlyList<IntentRecord> UnresolvedIntents);
