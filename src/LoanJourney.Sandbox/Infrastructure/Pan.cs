namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>A PAN: five letters, four digits, one letter (<c>ABCDE1234F</c>).</summary>
internal static class Pan
{
    public static bool IsValid(string? pan) =>
        pan is { Length: 10 }
        && pan.AsSpan(0, 5).ContainsAnyExceptInRange('A', 'Z') is false
        && pan.AsSpan(5, 4).ContainsAnyExceptInRange('0', '9') is false
        && char.IsAsciiLetterUpper(pan[9]);
}
