namespace LoanJourney.Engine.Model;

/// <summary>Funnel numbers of one step of one workflow.</summary>
/// <param name="StepId">Step id.</param>
/// <param name="Reached">Journeys that started the step at least once.</param>
/// <param name="Completed">Journeys in which the step completed (or was skipped by an operator) at least once.</param>
/// <param name="Waiting">Journeys waiting at the step now.</param>
/// <param name="Faulted">Journeys faulted at the step now.</param>
/// <param name="Rejected">Journeys that ended with the rejected journey outcome in which this step completed with that same outcome.</param>
/// <param name="MedianDurationMs">Median start-to-finish time of its completed executions; null when none completed.</param>
public sealed record FunnelStepCounts(string StepId, long Reached, long Completed, long Waiting, long Faulted, long Rejected, double? MedianDurationMs);
