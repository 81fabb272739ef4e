using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

// A Core.WaitForSignal built in the Studio for "the borrower confirms the bank account" took {} or {"ifsc": 5} and the journey
// failed steps later. With "fields" the payload is checked before the signal is accepted; a sensitive field is never stored.
public sealed class DeclaredSignalFieldsTests
{
    private const string Fields = """
        [
          { "name": "accountNumber", "type": "String", "required": true, "pattern": "[0-9]{9,18}", "sensitive": true },
          { "name": "ifsc", "type": "String", "required": true, "pattern": "[A-Z]{4}0[A-Z0-9]{6}" },
          { "name": "holder", "type": "String", "minLength": 2, "maxLength": 40 },
          { "name": "consent", "type": "Boolean", "required": true },
          { "name": "tenure", "type": "Integer" }
        ]
        """;

    private static readonly string Flow = Workflow("bank", $$"""
        {{Step("a", "Core.WaitForSignal", """{ "Received": "got" }""", $$"""{ "signal": "bank-account", "fields": {{Fields}} }""")}},
        {{Step("got", "Test.Record", """{ "Done": "end" }""", """{ "label": "{{$steps.a.output.payload.ifsc}}|{{$steps.a.output.payload.accountNumber}}" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    private static readonly string Undeclared = Workflow("any", $$"""
        {{Step("a", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "bank-account" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    private const string Good = """{ "accountNumber": "918273645501", "ifsc": "HDFC0001234", "holder": "Asha", "consent": true }""";

    [Fact]
    public async Task AFittingPayload_IsAccepted_AndTheSensitiveFieldIsNeverStoredOrPassedOn()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("bank");
        Assert.Contains(instance.Bookmarks, b => b is { Key: "bank-account", Sensitive: true });

        await engine.Client.SignalAsync(instance.Id, "bank-account", JsonNode.Parse(Good));
        await engine.DrainAsync();

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["got:HDFC0001234|"], engine.Probe.Log);
        var received = Assert.Single((await engine.Client.ReadJournalAsync(instance.Id, 0, 100)).Items, e => e.Kind == JournalKinds.SignalReceived);
        Assert.True(received.Data!["sensitive"]!.GetValue<bool>());

        await engine.RestartAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = string.Concat(Directory.GetFiles(Path.GetDirectoryName(engine.DatabasePath)!).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain("918273645501", bytes, StringComparison.Ordinal);
        Assert.Contains("HDFC0001234", bytes, StringComparison.Ordinal); // the output kept what is not sensitive
    }

    [Theory]
    [InlineData("""{ "ifsc": "HDFC0001234", "consent": true }""", "accountNumber", "required", null)]
    [InlineData("""{ "accountNumber": "12AB-99", "ifsc": "HDFC0001234", "consent": true }""", "accountNumber", "pattern", "12AB-99")]
    [InlineData("""{ "accountNumber": 918273645501, "ifsc": "HDFC0001234", "consent": true }""", "accountNumber", "type", "918273645501")]
    [InlineData("""{ "accountNumber": "918273645501", "ifsc": "hdfc0001234", "consent": true }""", "ifsc", "pattern", "hdfc0001234")]
    [InlineData("""{ "accountNumber": "918273645501", "ifsc": "HDFC0001234X", "consent": true }""", "ifsc", "pattern", "HDFC0001234X")]
    [InlineData("""{ "accountNumber": "918273645501", "ifsc": "HDFC0001234", "holder": "Z", "consent": true }""", "holder", "length", null)]
    [InlineData("""{ "accountNumber": "918273645501", "ifsc": "HDFC0001234", "consent": "yes" }""", "consent", "type", null)]
    [InlineData("""{ "accountNumber": "918273645501", "ifsc": "HDFC0001234", "consent": true, "tenure": 1.5 }""", "tenure", "type", null)]
    [InlineData("""{}""", "accountNumber", "required", null)]
    // A field beyond the declared ones (a misspelt optional "tenure") is refused as for an activity's declared fields (walk 43).
    [InlineData("""{ "accountNumber": "918273645501", "ifsc": "HDFC0001234", "consent": true, "tenur": 12 }""", "tenur", "unknown", null)]
    [InlineData("""["918273645501"]""", "$", "not_object", "918273645501")]
    public async Task AnUnfitPayload_IsRefusedNamingTheField_TheJourneyStillWaits_AndTheValueIsNowhere(string payload, string field, string code, string? value)
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("bank");

        var refused = await Assert.ThrowsAsync<SignalPayloadInvalidException>(() => engine.Client.SignalAsync(instance.Id, "bank-account", JsonNode.Parse(payload)));
        await engine.DrainAsync();

        Assert.Contains(refused.Errors, e => e.Field == field && e.Code == code);
        var after = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Waiting, "a"), (after.Status, after.CurrentStepId));
        Assert.Contains(after.Bookmarks, b => b.Key == "bank-account");
        var journal = await engine.Client.ReadJournalAsync(instance.Id, 0, 100);
        Assert.DoesNotContain(journal.Items, e => e.Kind == JournalKinds.SignalReceived);
        if (value is not null)
        {
            Assert.DoesNotContain(value, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(journal.Items, e => (e.Data?.ToJsonString() ?? "").Contains(value, StringComparison.Ordinal));
        }

        // The wait was not used up: a fitting payload is still taken.
        await engine.Client.SignalAsync(instance.Id, "bank-account", JsonNode.Parse(Good));
        await engine.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "ifsc": 5 }""")]
    [InlineData("null")]
    public async Task AStepWithoutADeclaration_TakesAnyPayload_AsBefore(string payload)
    {
        await using var engine = await EngineHarness.StartAsync(Undeclared);
        var instance = await engine.StartAndRunAsync("any");

        await engine.Client.SignalAsync(instance.Id, "bank-account", JsonNode.Parse(payload));
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }
}
