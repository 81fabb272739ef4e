using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Tests.Definitions;

public sealed class BindingsTests
{
    private static readonly BindingScope Scope = new(
        JsonNode.Parse("""{ "customer": { "mobile": "9999999999", "tags": ["a", "b"] } }"""),
        JsonNode.Parse("""{ "createUser": { "customerId": "C1", "amount": 1500.5 } }""")!.AsObject(),
        JsonNode.Parse("""{ "sessionUrl": "https://x" }""")!.AsObject());

    [Fact]
    public void Resolve_References_ReplaceWholeValues()
    {
        var resolved = Bindings.Resolve(JsonNode.Parse("""
            { "m": "$input.customer.mobile", "t": "$input.customer.tags.1", "c": "$steps.createUser.output.customerId",
              "v": "$vars.sessionUrl", "nested": ["$steps.createUser.output.amount", 3], "literal": "$$input", "missing": "$input.nope" }
            """), Scope)!;
        Assert.Equal("""{"m":"9999999999","t":"b","c":"C1","v":"https://x","nested":[1500.5,3],"literal":"$input","missing":null}""", resolved.ToJsonString());
    }

    [Fact]
    public void Resolve_Template_BuildsAString()
    {
        var resolved = Bindings.Resolve(JsonValue.Create("finbox:{{ $steps.createUser.output.customerId }}:LOAN_DISBURSED:{{$steps.createUser.output.amount}}"), Scope);
        Assert.Equal("finbox:C1:LOAN_DISBURSED:1500.5", resolved!.GetValue<string>());
    }
}
