namespace LoanJourney.Lenders.Common;

/// <summary>
/// A classification before the typed body is attached. <paramref name="OurSetting"/>: the setting under the lender's section
/// (<c>ApiKey</c>, <c>Authorization</c>, <c>BaseUrl</c>) the answer says is wrong, when it says our configuration is wrong rather
/// than anything about the borrower (<see cref="LenderMisconfiguration"/>).
/// </summary>
internal readonly record struct LenderOutcome(LenderResultKind Kind, string? Code, string? Message, string? Hint = null, string? OurSetting = null);
