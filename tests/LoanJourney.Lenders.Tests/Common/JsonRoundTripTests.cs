using LoanJourney.Lenders.Tests.TestSupport;
using PrismCreateUser = LoanJourney.Lenders.FinBoxPrism.CreateUserRequest;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>The sample checker itself fails when a documented name is not mapped, so the sample tests mean something.</summary>
public sealed class JsonRoundTripTests
{
    [Fact]
    public void Assert_FieldNotMappedByTheType_Fails()
    {
        var error = Assert.ThrowsAny<Exception>(() => JsonRoundTrip.Assert<PrismCreateUser>("""{"customerID":"c","customer_id":"c"}"""));
        Assert.Contains("$.customer_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assert_ValueChangedByTheType_Fails() =>
        Assert.ThrowsAny<Exception>(() => JsonRoundTrip.Assert<PrismCreateUser>("""{"customerID":"c","mobile":9999999999}"""));
}
