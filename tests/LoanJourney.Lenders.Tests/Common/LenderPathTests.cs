using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>The path of a lender call as the journal and the log show it.</summary>
public sealed class LenderPathTests
{
    [Fact]
    public void AReferenceIdIsShownAsSent_EvenWhenAGroupOfItIsAllDigits()
    {
        // Seen in the journeys benchmark's journal: "referenceID=f99e4780-8022-460f-a9ca-XXXXXXXX6281".
        var uri = new Uri("https://lender.example/v2/loan/agreement?referenceID=f99e4780-8022-460f-a9ca-123456786281");

        Assert.Equal("/v2/loan/agreement?referenceID=f99e4780-8022-460f-a9ca-123456786281", LenderPath.Describe(uri));
    }

    [Fact]
    public void ABorrowersNumbersInTheQueryAreStillMasked()
    {
        var uri = new Uri("https://lender.example/v1/user/profile?mobile=9876543210&note=aadhaar%201234%205678%209012");

        Assert.Equal("/v1/user/profile?mobile=XXXXXX3210&note=aadhaar%20XXXX%20XXXX%209012", LenderPath.Describe(uri));
    }
}
