using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Tests.Support;

namespace LoanJourney.Engine.Tests.Definitions;

/// <summary>
/// A start input field's declared <c>format</c> or <c>pattern</c> (session 45: a start with <c>email</c> =
/// <c>"not-an-email … x"</c> was accepted, and the journey failed at the lender): checked at every start, named by its full
/// path and the format expected, never with the value; an unknown format or a pattern that does not compile is refused by the
/// compiler (so by the designer's publish and the file load), naming the field.
/// </summary>
public sealed class InputFormatsTests
{
    private const string Fields = """
        [
          { "name": "customerId", "type": "String", "required": true },
          { "name": "contact", "type": "String", "required": true, "format": "email" },
          { "name": "applicant", "type": "Object", "properties": [
              { "name": "taxId", "type": "String", "format": "pan" },
              { "name": "cell", "type": "String", "format": "mobile-in" },
              { "name": "born", "type": "String", "format": "date" },
              { "name": "home", "type": "Object", "properties": [ { "name": "postCode", "type": "String", "format": "pincode" } ] },
              { "name": "bankCode", "type": "String", "format": "ifsc" },
              { "name": "reference", "type": "String", "pattern": "^REF-[0-9]{4}$" }
          ] }
        ]
        """;

    private const string Good = """
        { "customerId": "C-1", "contact": "ravi@example.com", "applicant": { "taxId": "ABCDE1234F", "cell": "9876543210",
          "born": "1990-05-14", "home": { "postCode": "560095" }, "bankCode": "HDFC0000123", "reference": "REF-0042" } }
        """;

    [Theory]
    [InlineData("contact", "not-an-email … x", "contact", "an e-mail address (name@example.com)")]
    [InlineData("contact", "Ravi <ravi@example.com>", "contact", "an e-mail address (name@example.com)")]
    [InlineData("taxId", "abcde1234f", "applicant.taxId", "a PAN: 5 letters, 4 digits, 1 letter, upper case (AAAAA9999A)")]
    [InlineData("cell", "+919876543210", "applicant.cell", "a 10-digit Indian mobile number starting with 6, 7, 8 or 9")]
    [InlineData("born", "14/05/1990", "applicant.born", "a date as yyyy-MM-dd")]
    [InlineData("born", "1990-02-30", "applicant.born", "a date as yyyy-MM-dd")]
    [InlineData("postCode", "056009", "applicant.home.postCode", "a 6-digit PIN code not starting with 0")]
    [InlineData("bankCode", "HDFC1000123", "applicant.bankCode", "an IFSC: 4 letters, 0, then 6 letters or digits, upper case (HDFC0000123)")]
    public void AValueNotOfItsFormat_IsNamedByPathWithTheFormatExpected_NeverTheValue(string field, string value, string path, string expected)
    {
        var input = JsonNode.Parse(Good)!.AsObject();
        Set(input, field, value);

        var error = Assert.Single(WorkflowInputSchema.Validate(Compile(), input));

        Assert.Equal((path, "format"), (error.Field, error.Code));
        Assert.StartsWith($"'{path}' must be {expected} (format '", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueNotMatchingItsPattern_IsNamedWithThePattern_NeverTheValue()
    {
        var input = JsonNode.Parse(Good)!.AsObject();
        input["applicant"]!["reference"] = "REF-42";

        var error = Assert.Single(WorkflowInputSchema.Validate(Compile(), input));

        Assert.Equal(("applicant.reference", "pattern", "'applicant.reference' must match the pattern ^REF-[0-9]{4}$."), (error.Field, error.Code, error.Message));
    }

    // Session 46: a pattern ran without a time-out at start, so one that backtracks without end (nested quantifiers, a value
    // that almost matches) held the start's request and a thread: ^(a+)+$ on 40 a's and a b is about 2^40 steps. Now the
    // match gives up after InputFormats.PatternTimeout and the field is refused, named, never with its value.
    [Fact]
    public void APatternThatBacktracksTooLong_IsRefusedNamingTheField_AfterItsTimeOut_NotHeld()
    {
        var workflow = Compile("""[{ "name": "code", "type": "String", "required": true, "pattern": "^(a+)+$" }]""");
        var value = new string('a', 40) + "b";

        var error = Assert.Single(WorkflowInputSchema.Validate(workflow, new JsonObject { ["code"] = value }));

        Assert.Equal(("code", "pattern"), (error.Field, error.Code));
        Assert.StartsWith("'code' could not be checked against the pattern ^(a+)+$ within 1 s", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        Assert.Empty(WorkflowInputSchema.Validate(workflow, new JsonObject { ["code"] = "aaaa" }));
    }

    // The compiler builds the pattern as the start runs it (JSON Schema's ECMA-262 reading): \h is an "h" there. Until session 46
    // the compiler read patterns as .NET's default syntax, where \h is no escape, and refused a pattern every start would run.
    [Fact]
    public void ThePatternTheCompilerChecks_IsTheOneTheStartRuns()
    {
        Assert.Empty(Errors("""[{ "name": "code", "type": "String", "pattern": "^\\h[0-9]$" }]"""));
        var workflow = Compile("""[{ "name": "code", "type": "String", "pattern": "^\\h[0-9]$" }]""");
        Assert.Empty(WorkflowInputSchema.Validate(workflow, new JsonObject { ["code"] = "h1" }));
        Assert.Equal("pattern", Assert.Single(WorkflowInputSchema.Validate(workflow, new JsonObject { ["code"] = "x1" })).Code);
    }

    [Fact]
    public void ValuesOfTheirFormats_Fit_AndABlankRequiredOneIsNamedOnceAsRequired()
    {
        Assert.Empty(WorkflowInputSchema.Validate(Compile(), JsonNode.Parse(Good)));

        var blank = JsonNode.Parse(Good)!.AsObject();
        blank["contact"] = " ";
        var error = Assert.Single(WorkflowInputSchema.Validate(Compile(), blank));
        Assert.Equal(("contact", "required"), (error.Field, error.Code));
    }

    [Fact]
    public void TheSchemaServesEachFormatAndPattern()
    {
        var schema = WorkflowInputSchema.Describe(Compile());

        Assert.Equal("email", schema["properties"]!["contact"]!["format"]!.GetValue<string>());
        var applicant = schema["properties"]!["applicant"]!["properties"]!;
        Assert.Equal("pan", applicant["taxId"]!["format"]!.GetValue<string>());
        Assert.Equal("mobile-in", applicant["cell"]!["format"]!.GetValue<string>());
        Assert.Equal("date", applicant["born"]!["format"]!.GetValue<string>());
        Assert.Equal("pincode", applicant["home"]!["properties"]!["postCode"]!["format"]!.GetValue<string>());
        Assert.Equal("ifsc", applicant["bankCode"]!["format"]!.GetValue<string>());
        Assert.Equal("^REF-[0-9]{4}$", applicant["reference"]!["pattern"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""[{ "name": "contact", "type": "String", "format": "e-mail" }]""", "input[0].format", "unknown format 'e-mail': the formats are email, date, pan, mobile-in, pincode, ifsc. Did you mean 'email'?")]
    [InlineData("""[{ "name": "a", "type": "Object", "properties": [{ "name": "pin", "type": "String", "format": "pin" }] }]""", "input[0].properties[0].format", "unknown format 'pin'")]
    [InlineData("""[{ "name": "count", "type": "Integer", "format": "pan" }]""", "input[0].format", "a format is a String's")]
    [InlineData("""[{ "name": "reference", "type": "String", "pattern": "^REF-[0-9{4}$" }]""", "input[0].pattern", "has an invalid pattern. Not a valid regular expression")]
    public void AnUnknownFormatOrAPatternThatDoesNotCompile_IsRefused_NamingTheField(string fields, string field, string message)
    {
        var errors = Errors(fields);

        var error = Assert.Single(errors);
        Assert.Equal((DefinitionErrorCode.InvalidDefinition, field), (error.Code, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldWithoutFormatOrPattern_KeepsItsNormalizedDefinition()
    {
        // Stored versions are compared by content hash: the new optional members are left out when absent.
        Assert.DoesNotContain("\"format\"", Compile("""[{ "name": "customerId", "type": "String" }]""").Json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"pattern\"", Compile("""[{ "name": "customerId", "type": "String" }]""").Json, StringComparison.Ordinal);
    }

    private static void Set(JsonObject input, string field, string value)
    {
        if (input.ContainsKey(field))
        {
            input[field] = value;
        }
        else if (input["applicant"]!.AsObject().ContainsKey(field))
        {
            input["applicant"]![field] = value;
        }
        else
        {
            input["applicant"]!["home"]![field] = value;
        }
    }

    private static List<DefinitionError> Errors(string fields)
    {
        var loader = new DefinitionLoader(new WorkflowCompiler(new ActivityRegistry([new ActivityRegistration(typeof(EndActivity))])));
        var errors = new List<DefinitionError>();
        loader.LoadText(Defs.Workflow("format-test", Defs.Step("a", "Core.End", inputs: """{ "outcome": "Done" }"""), input: fields), "test", errors);
        return errors;
    }

    private static CompiledWorkflow Compile(string fields = Fields)
    {
        var errors = new List<DefinitionError>();
        var loader = new DefinitionLoader(new WorkflowCompiler(new ActivityRegistry([new ActivityRegistration(typeof(EndActivity))])));
        var workflow = loader.LoadText(Defs.Workflow("format-test", Defs.Step("a", "Core.End", inputs: """{ "outcome": "Done" }"""), input: fields), "test", errors);
        return workflow ?? throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
    }
}
