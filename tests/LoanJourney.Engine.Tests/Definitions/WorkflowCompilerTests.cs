using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Tests.Definitions;

public sealed class WorkflowCompilerTests
{
    public static TheoryData<JsonNode, ActivityValueType, bool> Literals => new()
    {
        // Parsed from JSON text (a definition file, an HTTP body).
        { JsonNode.Parse("3")!, ActivityValueType.Integer, true },
        { JsonNode.Parse("3.5")!, ActivityValueType.Integer, false },
        { JsonNode.Parse("3.5")!, ActivityValueType.Number, true },
        { JsonNode.Parse("30")!, ActivityValueType.Duration, true },

        // Built in C# (a definition made in code, a draft the designer builds): CLR-backed values of every numeric type.
        { JsonValue.Create(3), ActivityValueType.Integer, true },
        { JsonValue.Create(3L), ActivityValueType.Integer, true },
        { JsonValue.Create(3.0), ActivityValueType.Integer, true },
        { JsonValue.Create(3.5), ActivityValueType.Integer, false },
        { JsonValue.Create(3.5f), ActivityValueType.Integer, false },
        { JsonValue.Create((short)3), ActivityValueType.Integer, true },
        { JsonValue.Create(3u), ActivityValueType.Integer, true },
        { JsonValue.Create(1e30), ActivityValueType.Integer, true },
        { JsonValue.Create(3), ActivityValueType.Number, true },
        { JsonValue.Create(3), ActivityValueType.String, false },
        { JsonValue.Create("00:00:30"), ActivityValueType.Duration, true },
        { JsonValue.Create("soon"), ActivityValueType.Duration, false },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void LiteralFits_JsonOrClrLiteral_AnswersWithoutThrowing(JsonNode literal, ActivityValueType type, bool fits) =>
        Assert.Equal(fits, WorkflowCompiler.LiteralFits(literal, type));
}
