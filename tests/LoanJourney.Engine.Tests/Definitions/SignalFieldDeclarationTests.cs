using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Definitions;

// A Core.WaitForSignal's "fields" is checked when the draft is compiled: each mistake is an InvalidInput naming its path.
public sealed class SignalFieldDeclarationTests
{
    private readonly WorkflowCompiler _compiler = new(new ActivityRegistry(
        new[] { typeof(WaitForSignalActivity), typeof(EndActivity) }.Select(t => new ActivityRegistration(t))));

    private List<DefinitionError> Draft(string fields)
    {
        var json = Workflow("wf", $$"""
            {{Step("a", "Core.WaitForSignal", """{ "Received": "end" }""", $$"""{ "signal": "otp", "fields": {{fields}} }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """);
        var errors = new List<DefinitionError>();
        var (definition, normalized) = DefinitionJson.Parse(json);
        var compiled = _compiler.CompileDraft(definition, normalized, "draft", errors);
        Assert.Equal(errors.Count == 0, compiled is not null);
        if (compiled is not null)
        {
            Assert.Equal(["otp"], compiled.Steps["a"].SignalFieldsFor("otp").Select(f => f.Name));
        }

        return errors;
    }

    [Fact]
    public void AGoodDeclaration_Compiles_IntoTheStepsSignalFields()
    {
        Assert.Empty(Draft("""[{ "name": "otp", "type": "string", "required": true, "pattern": "[0-9]{6}", "minLength": 6, "maxLength": 6, "sensitive": true, "description": "The OTP." }]"""));
        Assert.Empty(Draft("""[{ "name": "otp" }]""")); // the type is String unless given
    }

    [Theory]
    [InlineData("""[{ "name": "otp", "type": "Text" }]""", "inputs.fields[0].type", "not a payload type")]
    [InlineData("""[{ "name": "otp", "type": "Duration" }]""", "inputs.fields[0].type", "not a payload type")]
    [InlineData("""[{ "name": "otp", "pattern": "[0-9" }]""", "inputs.fields[0].pattern", "not a regular expression")]
    [InlineData("""[{ "name": "otp", "pattern": "(\\d)\\1" }]""", "inputs.fields[0].pattern", "not a regular expression")] // a backreference needs backtracking
    [InlineData("""[{ "name": "otp" }, { "name": "otp", "type": "Number" }]""", "inputs.fields[1].name", "more than once")]
    [InlineData("""[{ "type": "String" }]""", "inputs.fields[0].name", "no name")]
    [InlineData("""[{ "name": " " }]""", "inputs.fields[0].name", "no name")]
    [InlineData("""[{ "name": "otp", "requried": true }]""", "inputs.fields[0].requried", "not a property")]
    [InlineData("""[{ "name": "otp", "required": "yes" }]""", "inputs.fields[0].required", "true or false")]
    [InlineData("""[{ "name": "otp", "sensitive": 1 }]""", "inputs.fields[0].sensitive", "true or false")]
    [InlineData("""[{ "name": "n", "type": "Number", "pattern": "[0-9]+" }]""", "inputs.fields[0].pattern", "String field only")]
    [InlineData("""[{ "name": "otp", "minLength": -1 }]""", "inputs.fields[0].minLength", "whole number")]
    [InlineData("""[{ "name": "otp", "minLength": 7, "maxLength": 6 }]""", "inputs.fields[0].minLength", "more than maxLength")]
    [InlineData("""["otp"]""", "inputs.fields[0]", "must be an object")]
    [InlineData("\"$input.fields\"", "inputs.fields", "not bound")]
    public void AMistake_IsAnInvalidInputNamingItsPath(string fields, string path, string says)
    {
        var error = Assert.Single(Draft(fields), e => e.Code == DefinitionErrorCode.InvalidInput); // a binding's own check may add a BadBinding

        Assert.Equal((DefinitionErrorCode.InvalidInput, "a", path), (error.Code, error.StepId, error.Field));
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsEachFieldsNameTypeAndRequired()
    {
        var errors = new List<DefinitionError>();
        var declared = SignalFieldDeclarations.Parse(System.Text.Json.Nodes.JsonNode.Parse("""[{ "name": "a" }, { "name": "b", "type": "Integer", "required": true }]"""), (p, m) => errors.Add(new DefinitionError("f", null, null, DefinitionErrorCode.InvalidInput, m, p)));

        Assert.Empty(errors);
        Assert.Equal([("a", ActivityValueType.String, false), ("b", ActivityValueType.Integer, true)], declared.Select(f => (f.Name, f.Type, f.Required)));
    }
}
