namespace LoanJourney.Lenders.Common;

/// <summary>A classification before the typed body is attached.</summary>
internal readonly record struct LenderOutcome(LenderResultKind Kind, string? Code, string? Message, string? Hint = null);
