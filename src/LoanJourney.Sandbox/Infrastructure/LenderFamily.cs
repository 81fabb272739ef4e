namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>The four simulated APIs; each has its own auth header and error envelope.</summary>
internal enum LenderFamily
{
    FinBoxV2,
    FinBoxV1,
    CapitalFloat,
    Partner,
}
