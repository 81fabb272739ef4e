using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.Tests.Common;

public sealed class PiiTests
{
    [Fact]
    public void MaskPan_KeepsDigitsAndCheckLetter() => Assert.Equal("XXXXX1234F", Pii.MaskPan("ABCDE1234F"));

    [Theory]
    [InlineData("1234 5678 9012", "XXXX XXXX 9012")]
    [InlineData("123456789012", "XXXXXXXX9012")]
    public void MaskAadhaar_KeepsLastFour(string aadhaar, string expected) => Assert.Equal(expected, Pii.MaskAadhaar(aadhaar));

    [Fact]
    public void MaskMobile_KeepsLastFour() => Assert.Equal("XXXXXX3210", Pii.MaskMobile("9876543210"));

    [Fact]
    public void MaskEmail_KeepsFirstLetterAndDomain() => Assert.Equal("r***@example.com", Pii.MaskEmail("rahul.sharma@example.com"));

    [Fact]
    public void MaskAccountNumber_KeepsLastFour() => Assert.Equal("XXXXXXXXXX6789", Pii.MaskAccountNumber("50100123456789"));

    [Fact]
    public void MaskName_KeepsInitials() => Assert.Equal("R**** S*****", Pii.MaskName("Rahul Sharma"));

    [Fact]
    public void ScrubText_MasksEveryPatternInFreeText()
    {
        var scrubbed = Pii.ScrubText("PAN = ABCDE1234F, mobile +91 9876543210, aadhaar 1234 5678 9012, mail rahul.sharma@example.com");
        Assert.Equal("PAN = XXXXX1234F, mobile XXX XXXXXX3210, aadhaar XXXX XXXX 9012, mail r***@example.com", scrubbed);
    }

    // FinBox Sourcing's "Invalid `field`, passed value: `value`" (the partner push's documented refusal) echoes what was sent:
    // session 46's walk saw a borrower's date of birth whole in the incident message. The field's name stays.
    [Theory]
    [InlineData("HTTP 400: Invalid dob, passed value: 1990-05-14T00:00:00Z", "HTTP 400: Invalid dob, passed value: XXXXXXXX")]
    [InlineData("Invalid vintageDate, passed value: 02-01-2006", "Invalid vintageDate, passed value: XXXXXXXX")]
    [InlineData("Invalid gender, passed value: M", "Invalid gender, passed value: X")]
    public void ScrubText_MasksTheValueALenderEchoesInItsRefusal(string message, string masked) => Assert.Equal(masked, Pii.ScrubText(message));

    // An operator's reason is free text (session 36: only the unbroken spelling was masked, +91-98765-43210 was kept whole).
    [Theory]
    [InlineData("9876543210", "XXXXXX3210")]
    [InlineData("98765 43210", "XXXXX X3210")]
    [InlineData("98765-43210", "XXXXX-X3210")]
    [InlineData("9876-543-210", "XXXX-XXX-210")] // the last four characters are kept, the dash among them
    [InlineData("+91-98765-43210", "XXX-XXXXX-X3210")]
    [InlineData("+91 98765 43210", "XXX XXXXX X3210")]
    [InlineData("919876543210", "XXXXXXXX3210")]
    [InlineData("00919876543210", "XXXXXXXXXX3210")]
    [InlineData("098765-43210", "XXXXXX-X3210")]
    public void ScrubText_MasksAMobileNumber_HoweverItIsWritten(string mobile, string masked) =>
        Assert.Equal($"call the borrower on {masked} today", Pii.ScrubText($"call the borrower on {mobile} today"));

    // Walk 52: a lender's refusal quoting the account number or the date of birth kept both whole (only a 12-digit account
    // number was masked, read as an Aadhaar).
    [Theory]
    [InlineData("mandate refused for a/c 5091827364550", "mandate refused for a/c XXXXXXXXX4550")]
    [InlineData("Account No.: 509182736", "Account No.: XXXXX2736")]
    [InlineData("acct#5091827", "acct#XXX1827")]
    [InlineData("{\"accountNumber\":\"5091827364550\"}", "{\"accountNumber\":\"XXXXXXXXX4550\"}")]
    [InlineData("card 4111111111111111 declined", "card XXXXXXXXXXXX1111 declined")]
    [InlineData("refund to 50100123456789 failed", "refund to XXXXXXXXXX6789 failed")]
    [InlineData("Zorawar born 1984-02-29 at", "Zorawar born XXXXXXXX at")]
    [InlineData("dob 29/02/1984, pin 560095", "dob XXXXXXXX, pin 560095")]
    [InlineData("D.O.B: 29-02-1984", "D.O.B: XXXXXXXX")]
    [InlineData("date of birth 29 Feb 1984 mismatch", "date of birth XXXXXXXX mismatch")]
    [InlineData("{\"dob\":\"1984-02-29\"}", "{\"dob\":\"XXXXXXXX\"}")]
    public void ScrubText_MasksAnAccountNumberOrABirthDateInFreeText(string text, string masked) => Assert.Equal(masked, Pii.ScrubText(text));

    // An OTP quoted in free text (an operator's reason, a lender's message) loses its digits.
    [Theory]
    [InlineData("borrower read OTP 739451 to us", "borrower read OTP *** to us")]
    [InlineData("{\"otp\":\"739451\"}", "{\"otp\":\"***\"}")]
    [InlineData("the one-time password is 4821, resent", "the one-time password is ***, resent")]
    public void ScrubText_DropsTheDigitsOfAnOtp(string text, string masked) => Assert.Equal(masked, Pii.ScrubText(text));

    [Theory]
    [InlineData("loggedAt 1704392919504 and 1704392919")] // epoch timestamps: 13 and 10 digits, no account word
    [InlineData("paid on 2026-12-06, due 06-01-2027, amount 150000")]
    [InlineData("accounts 3 of 5, account ids checked")]
    public void ScrubText_LeavesTimestampsDatesAndAccountWordsWithoutNumbersAlone(string text) => Assert.Equal(text, Pii.ScrubText(text));

    [Theory]
    [InlineData("abcpe1234f", "XXXXX1234f")]
    [InlineData("Abcpe1234F", "XXXXX1234F")]
    public void ScrubText_MasksAPanTypedInLowerCase(string pan, string masked) =>
        Assert.Equal($"pan {masked} checked", Pii.ScrubText($"pan {pan} checked"));

    [Theory]
    [InlineData("sku sales1234x shipped")] // a 5-4-1 in lower case whose fourth letter is no holder type (e)
    [InlineData("invoice inv-2026-0042 and batch abcde1234f")] // a lower-case 5-4-1 without a holder type (d) is not a PAN
    [InlineData("amount 65000 tenure 12 at 1704392919504")]
    [InlineData("dates 2026-12-06 and 06-12-2026")]
    public void ScrubText_LeavesTextThatIsNoPiiAlone(string text) => Assert.Equal(text, Pii.ScrubText(text));

    [Theory]
    [InlineData("f99e4780-8022-460f-a9ca-123456786281")] // the last group twelve digits: read as an Aadhaar number before
    [InlineData("f99e4780-8022-460f-a9ca-a9876543210b")] // ten digits between letters: read as a mobile number before
    [InlineData("F99E4780-8022-460F-1234-567890123456")]
    public void ScrubText_LeavesAUuidWhole_WhateverItsDigits(string uuid)
    {
        Assert.Equal($"referenceID {uuid} pending", Pii.ScrubText($"referenceID {uuid} pending"));
        Assert.Equal($"{uuid},XXXX XXXX 9012 call XXXXXX3210", Pii.ScrubText($"{uuid},1234 5678 9012 call 9876543210"));
    }

    // Our journey ids (32 hex digits) are quoted by problem details and failure messages, which are scrubbed: kept whole,
    // in a longer hex run (a SHA-256) nothing changes either, and the PII beside them is still masked.
    [Theory]
    [InlineData("0a9876543210bcdef0123456789abcde")] // ten digits between letters: read as a mobile number before
    [InlineData("01a2440c7123456789ef0a813d14190a")] // a mobile number's ten digits after a letter
    public void ScrubText_LeavesAJourneyIdWhole_WhateverItsDigits(string id)
    {
        Assert.Equal($"Workflow instance '{id}' does not exist.", Pii.ScrubText($"Workflow instance '{id}' does not exist."));
        Assert.Equal($"journey {id}: PAN XXXXX1234F, mobile XXXXXX3210", Pii.ScrubText($"journey {id}: PAN ABCDE1234F, mobile 9876543210"));
    }

    [Fact]
    public void ScrubText_LeavesIdsAndTimestampsAlone()
    {
        const string text = "ref c3a709e0-8bcb-47aa-86cd-b8d6581f4782 at 1704392919504 status GEO-S-001";
        Assert.Equal(text, Pii.ScrubText(text));
    }
}
