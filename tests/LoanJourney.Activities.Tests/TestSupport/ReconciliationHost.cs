namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>A world of its own for the tests that lose lender answers on purpose (the dropper is shared per world).</summary>
public sealed class ReconciliationHost : JourneyHost;
