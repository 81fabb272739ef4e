namespace LoanJourney.Lenders.Common;

/// <summary>
/// One row of a lender's classification table: for an operation (or <see cref="AnyOperation"/>), a documented code
/// means a kind. <paramref name="MessageContains"/> narrows a row where the lender reuses one code for several cases.
/// </summary>
public sealed record LenderCodeRule(string Operation, string Code, LenderResultKind Kind, string Meaning, string? MessageContains = null)
{
    /// <summary>The operation wildcard: the row applies to every operation of the lender.</summary>
    public const string AnyOperation = "*";
}
