using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>
/// <see cref="JsonBodyMasker.Categories"/>: the kinds of personal data a body holds, by field name as the masker reads it, for
/// the borrower's access report (docs/server.md, "Access report"): never a value.
/// </summary>
public sealed class PersonalDataCategoriesTests
{
    [Fact]
    public void Categories_NameEachKindOnce_ByFieldName_SortedAndWithoutAValue()
    {
        var body = JsonNode.Parse("""
            {
              "customerID": "CUST-1", "Mobile_Number": "9876504711",
              "customer": { "pan": "ABCDE4711F", "fullName": "Asha Rao", "dob": "1990-01-02", "address": { "line1": "12 MG Road" },
                            "latitude": 12.9, "employmentOrganization": "Acme" },
              "banking": { "files": [ { "contentBase64": "JVBERi0=" } ], "banks": [ { "name": "HDFC Bank" } ] },
              "otp": "123456", "email": "", "amount": 25000
            }
            """);

        var categories = JsonBodyMasker.Categories(body);

        Assert.Equal(["PAN", "address", "customer and loan ids", "date of birth", "documents", "employer", "location", "mobile number", "name"], categories);
        Assert.DoesNotContain("email address", categories); // sent empty: nothing of the borrower's
    }

    [Fact]
    public void ABanksNameIsNoPersonsName_AndNothingPersonalNamesNoCategory()
    {
        Assert.Empty(JsonBodyMasker.Categories(JsonNode.Parse("""{ "banks": [ { "name": "HDFC Bank" } ], "amount": 1, "otp": "1" }""")));
        Assert.Equal("customer and loan ids", JsonBodyMasker.CategoryOf("customerID"));
        Assert.Equal("email address", JsonBodyMasker.CategoryOf("email_id"));
        Assert.Null(JsonBodyMasker.CategoryOf("amount"));
    }
}
