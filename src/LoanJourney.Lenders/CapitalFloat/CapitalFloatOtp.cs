namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>
/// What Capital Float's block OTP can be, so that a value no lender could take is refused before it is sent and costs the
/// borrower one of the attempts (session 51). Capital Float's Verify Block OTP documents only <c>"otp": "string"</c>; the OTP
/// is the one it sends "via sms and email" when a block is created, and an Indian SMS or e-mail OTP is digits. The length is
/// left open from 4 to 8 (the lender documents none; 4 and 6 are what Indian lenders and banks send, 8 the longest seen),
/// so only what no OTP can be is refused: letters, spaces, signs, nothing, or a paste of a whole message.
/// </summary>
public static class CapitalFloatOtp
{
    /// <summary>The whole value: 4 to 8 ASCII digits (not <c>\d</c>, which also takes other scripts' digits).</summary>
    public const string Pattern = "[0-9]{4,8}";

    /// <summary>The rule in words, for the signal field's description and the 400 that quotes it.</summary>
    public const string Description = "The OTP the borrower received, as text of 4 to 8 digits: {\"otp\": \"123456\"}.";
}
