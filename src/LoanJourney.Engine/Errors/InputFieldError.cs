namespace LoanJourney.Engine.Errors;

/// <summary>One invalid start input field.</summary>
/// <param name="Field">Field name (or <c>$</c> for the whole input).</param>
/// <param name="Code"><c>required</c>, <c>type</c>, <c>not_object</c> or <c>whole_amount</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record InputFieldError(string Field, string Code, string Message);
