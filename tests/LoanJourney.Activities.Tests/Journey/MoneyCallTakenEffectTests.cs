using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;

namespace LoanJourney.Activities.Tests.Journey;

/// <summary>
/// Which earlier sends make a duplicate answer this journey's own. The crash test found the gap: a trigger answered with
/// success (recorded in the intent) whose step was killed before the reference was saved, resent after the restart and
/// answered FBX-S-208, was taken as another journey's request.
/// </summary>
public sealed class MoneyCallTakenEffectTests
{
    [Theory]
    [InlineData("""[]""", false)]
    [InlineData("""[{ "answer": "400 FBX-E-002", "failed": true }]""", false)]
    [InlineData("""[{ "answer": "FBX-S-208 taken elsewhere", "failed": true }]""", false)]
    [InlineData("""[{ "sentAt": "2026-12-04T10:00:00Z" }]""", true)] // killed mid-call: no answer recorded
    [InlineData("""[{ "answer": "none (no answer)" }]""", true)]
    [InlineData("""[{ "answer": "TAS-S-000" }]""", true)] // answered with success, killed before the reference was saved
    [InlineData("""[{ "answer": "FBX-S-208" }]""", true)]
    [InlineData("""[{ "answer": "400 X", "failed": true }, { "answer": "none (no answer)" }]""", true)]
    public void ADuplicateAnswerIsThisJourneysOnlyAfterASendThatMayHaveTakenEffect(string sends, bool mayHave) =>
        Assert.Equal(mayHave, MoneyCall.MayHaveTakenEffect(JsonNode.Parse(sends)!.AsArray()));
}
