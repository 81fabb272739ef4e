using LoanJourney.Engine.Definitions;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// A test run's report, or, when <see cref="Run"/> is null, why the run's own engine could not publish the draft
/// (<see cref="Unrunnable"/>: each with its step and field, as the designer's check reports them).
/// </summary>
internal sealed record TestRunOutcome(TestRunView? Run, IReadOnlyList<DefinitionError> Unrunnable);
