namespace LoanJourney.Sandbox.Faults;

/// <summary>What an injected fault does to one lender call.</summary>
internal enum FaultKind
{
    None,
    ServerError,
    Throttle,
    Drop,
}
