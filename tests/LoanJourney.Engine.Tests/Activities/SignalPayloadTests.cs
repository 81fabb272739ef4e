using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Tests.Activities;

public sealed class SignalPayloadTests
{
    private static readonly ActivitySignalFieldDescriptor[] Declared =
    [
        new("shipment", "awbNo", ActivityValueType.String, Required: true, "The air waybill."),
        new("shipment", "amount", ActivityValueType.Number, Required: false, ""),
        new("shipment", "files", ActivityValueType.Array, Required: false, ""),
        new("otp", "otp", ActivityValueType.String, Required: true, ""),
    ];

    [Theory]
    [InlineData("shipment", """{ "awbNo": "AWB1" }""", "")]
    [InlineData("shipment", """{ "awbNo": "AWB1", "amount": "250.50", "files": [{}] }""", "")]
    [InlineData("shipment", """{ "awbNo": "AWB1", "amout": 250, "extra": 1 }""", "amout:unknown extra:unknown")] // walk 43: was accepted, amout ignored
    [InlineData("otp", """{ "otp": "123456", "resendOtp": true }""", "resendOtp:unknown")]
    [InlineData("shipment", """{ }""", "awbNo:required")]
    [InlineData("shipment", """{ "awbNo": null, "amount": "lots" }""", "awbNo:required amount:type")]
    [InlineData("shipment", """{ "awbNo": 7, "files": [] }""", "awbNo:type files:type")]
    [InlineData("otp", """{ "otp": 123456 }""", "otp:type")]
    [InlineData("otp", """{ "otp": "" }""", "otp:type")]
    [InlineData("otp", """["123456"]""", "$:not_object")]
    [InlineData("otp", "null", "$:not_object")]
    [InlineData("resend-otp", "null", "")] // nothing declared: any payload
    public void Validate_NamesEachDeclaredFieldThatDoesNotFit(string signal, string payload, string expected)
    {
        var errors = SignalPayload.Validate(Declared, signal, JsonNode.Parse(payload));

        Assert.Equal(expected, string.Join(' ', errors.Select(e => $"{e.Field}:{e.Code}")));
    }

    [Fact]
    public void Messages_NeverQuoteTheValue()
    {
        var errors = SignalPayload.Validate(Declared, "otp", JsonNode.Parse("""{ "otp": 987654 }"""));

        Assert.DoesNotContain("987654", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
