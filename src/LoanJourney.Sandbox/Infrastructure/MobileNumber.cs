namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>An Indian mobile number as the lenders validate it: ten digits starting 6–9.</summary>
internal static class MobileNumber
{
    public static bool IsValid(string? mobile) =>
        mobile is { Length: 10 } && mobile[0] is >= '6' and <= '9' && mobile.All(char.IsAsciiDigit);
}
