namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// A v1 borrower a draft test run's fixture request created (<see cref="SandboxTestRuns.Header"/>): kept beside the users, by
/// customer id, rather than as a field of <see cref="V1User"/>, so that a state file written before test runs had fixtures still loads.
/// </summary>
internal sealed class V1TestRunBorrower(string customerId)
{
    public string CustomerId { get; } = customerId;
}
