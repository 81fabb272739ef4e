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
