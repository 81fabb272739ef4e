namespace LoanJourney.Lenders.Common;

/// <summary>
/// One row of a lender's classification table: for an operation (or <see cref="AnyOperation"/>), a documented code
/// means a kind. <paramref name="MessageContains"/> narrows a row where the lender reuses one code for several cases.
/// <paramref name="Hint"/> is what an operator should know when this answer fails a step (why it usually happens, what to
/// check before acting); it travels with the result (<see cref="LenderResult{T}.Hint"/>) into the incident's message.
/// </summary>
public sealed record LenderCodeRule(string Operation, string Code, LenderResultKind Kind, string Meaning, string? MessageContains = null, string? Hint = null)
{
    /// <summary>The operation wildcard: the row applies to every operation of the lender.</summary>
    public const string AnyOperation = "*";
}
