namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>The FinBox v2 operations that are triggered, then polled by reference id.</summary>
internal enum OperationKind
{
    Bre,
    Banking,
    Kyc,
    Agreement,
    Disbursal,
}
