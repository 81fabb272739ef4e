namespace LoanJourney.Engine.Errors;

/// <summary>One invalid start input field.</summary>
/// <param name="Field">Field name (or <c>$</c> for the whole input).</param>
/// <param name="Code"><c>required</c>, <c>type</c>, <c>not_object</c> or <c>whole_amount</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record InputFieldError(string Field, string Code, string Message)
{
    /// <summary>
    /// The errors as one sentence for an exception's message (an API answer's <c>detail</c>): <c>field: message; …</c>, an
    /// error of the whole input or payload (<c>$</c>) by its message alone, which says what it is about. The API's <c>errors</c>
    /// name that one <c>body</c>; a detail beginning <c>$: …</c> named a field the caller never sent (walk 47).
    /// </summary>
    public static string Describe(IEnumerable<InputFieldError> errors) =>
        string.Join("; ", errors.Select(e => e.Field == "$" ? e.Message : $"{e.Field}: {e.Message}"));
}
