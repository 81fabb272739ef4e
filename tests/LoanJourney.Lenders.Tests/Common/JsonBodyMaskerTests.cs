using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.Tests.Common;

public sealed class JsonBodyMaskerTests
{
    [Fact]
    public void Mask_SensitiveFieldsAnywhere_AreMaskedOrRemoved()
    {
        var masked = JsonNode.Parse(JsonBodyMasker.Mask("""
            {"customerID":"c1","otp":"123456","x-api-key":"k","outer":{"items":[{"pan":"ABCDE1234F","account_number":"50100123456789",
             "accountNumber":"50100123456789","phone":9876543210,"Email":"a.b@example.com","dob":"1990-01-31","ifsc":"HDFC0000123"}]}}
            """))!;
        Assert.Null(masked["otp"]);
        Assert.Null(masked["x-api-key"]);
        Assert.Equal("c1", (string?)masked["customerID"]);
        var item = masked["outer"]!["items"]![0]!;
        Assert.Equal("XXXXX1234F", (string?)item["pan"]);
        Assert.Equal("XXXXXXXXXX6789", (string?)item["account_number"]);
        Assert.Equal("XXXXXXXXXX6789", (string?)item["accountNumber"]);
        Assert.Equal("XXXXXX3210", (string?)item["phone"]);
        Assert.Equal("a***@example.com", (string?)item["Email"]);
        Assert.Equal("XXXXXXXX", (string?)item["dob"]);
        Assert.Equal("HDFC0000123", (string?)item["ifsc"]);
    }

    [Fact]
    public void Mask_DocumentContent_IsReplacedByASizeNote()
    {
        var base64 = new string('A', 5000);
        var masked = JsonNode.Parse(JsonBodyMasker.Mask($$"""{"txnID":"t1","podBase64":"{{base64}}","digilocker_aadhaar_xml":"<xml uid='123456789012'/>","other":"{{base64}}"}"""))!;
        Assert.Equal("[document omitted: 5000 chars]", (string?)masked["podBase64"]);
        Assert.StartsWith("[document omitted", (string?)masked["digilocker_aadhaar_xml"], StringComparison.Ordinal);
        Assert.Equal("[document omitted: 5000 chars]", (string?)masked["other"]);
    }

    [Fact]
    public void Mask_TextThatIsNotJson_IsScrubbed() =>
        Assert.Equal("user XXXXX1234F not found", JsonBodyMasker.Mask("user ABCDE1234F not found"));

    [Fact]
    public void Mask_ValuesOfUnknownFields_AreScrubbedForPatterns() =>
        Assert.Equal("""{"error":"PAN = XXXXX1234F"}""", JsonBodyMasker.Mask("""{"error":"PAN = ABCDE1234F"}"""));
}
