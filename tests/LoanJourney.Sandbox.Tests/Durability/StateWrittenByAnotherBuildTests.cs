using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.FinBoxV2;
using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.Tests.Durability;

/// <summary>
/// A state file written by an earlier build (the upgrade a developer makes with <c>git pull</c> while journeys wait at the
/// sandbox): a field added since takes its declared default, a field removed since is left out, and only a field with no
/// default to give is refused, by name. Before session 39 any difference stopped the server ("lacks fields this build has"),
/// and the only way on was deleting the file, which faulted every journey waiting at the sandbox (FBX-E-008).
/// </summary>
public sealed class StateWrittenByAnotherBuildTests
{
    // OperationAttempt as the build before ManualReview wrote it (c9d6015).
    private const string AttemptWithoutManualReview =
        """{"<Status>k__BackingField":"APPROVED","<Detail>k__BackingField":null,"<ActionPending>k__BackingField":true}""";

    [Fact]
    public void AFieldAddedSince_TakesTheDefaultItsConstructorDeclares()
    {
        var attempt = StateJson.Read<OperationAttempt>(AttemptWithoutManualReview);

        Assert.Equal(new OperationAttempt("APPROVED", null, ActionPending: true, ManualReview: false), attempt);
    }

    [Fact]
    public void AFieldRemovedSince_IsLeftOut()
    {
        var json = AttemptWithoutManualReview.Replace("}", ""","<ManualReview>k__BackingField":true,"<Retired>k__BackingField":{"a":[1,2]}}""", StringComparison.Ordinal);

        Assert.Equal(new OperationAttempt("APPROVED", null, true, true), StateJson.Read<OperationAttempt>(json));
    }

    [Fact]
    public void ANullableFieldAddedSince_IsNull()
    {
        var attempt = StateJson.Read<OperationAttempt>("""{"<Status>k__BackingField":"FAILED"}""");

        Assert.Equal(new OperationAttempt("FAILED"), attempt);
    }

    [Fact]
    public void AFieldWithNoDefaultToGive_IsRefusedByName()
    {
        var error = Assert.Throws<JsonException>(() => StateJson.Read<OperationAttempt>("""{"<Detail>k__BackingField":"x"}"""));

        Assert.Contains("lacks Status", error.Message, StringComparison.Ordinal);
    }

    // Scenario as the build before V1RepayDisabled wrote it; V1HasEligibilityData stands for an added property with an initializer.
    [Fact]
    public void AnAddedPropertyWithoutAParameter_TakesWhatANewObjectOfThisBuildHas()
    {
        var written = JsonNode.Parse(StateJson.Write(ScenarioTable.For("9876540007")))!.AsObject();
        Assert.True(written.Remove("<V1RepayDisabled>k__BackingField"));
        Assert.True(written.Remove("<V1HasEligibilityData>k__BackingField"));

        var scenario = StateJson.Read<Scenario>(written.ToJsonString());

        Assert.False(scenario.V1RepayDisabled);
        Assert.True(scenario.V1HasEligibilityData);
        Assert.Equal(ScenarioTable.For("9876540007").Kyc.Attempts, scenario.Kyc.Attempts);
        Assert.Equal("0007", scenario.Key);
    }

    // PolledOperation before manual review (c9d6015): its counter is computed from constructor arguments, so no new object
    // can be made; a count that did not exist yet is 0.
    [Fact]
    public void AnAddedCounterComputedFromConstructorArguments_IsZero()
    {
        var written = JsonNode.Parse(StateJson.Write(new PolledOperation("ref-1", OperationKind.Kyc, "C1", new OperationAttempt("APPROVED"), 1, 0)))!.AsObject();
        Assert.True(written.Remove("_reviewLeft"));

        var operation = StateJson.Read<PolledOperation>(written.ToJsonString());

        Assert.Equal("PROCESSING", operation.Poll());
        Assert.True(operation.Succeeded);
    }

    // An initializer's collection comes from a new object per document: two objects loaded without it never share one.
    [Fact]
    public void AnAddedCollection_IsNotSharedBetweenTwoLoadedObjects()
    {
        var options = new JsonSerializerOptions { Converters = { new FieldwiseConverter<Tray>() } };
        var first = JsonSerializer.Deserialize<Tray>("""{"<Name>k__BackingField":"a"}""", options)!;
        var second = JsonSerializer.Deserialize<Tray>("""{"<Name>k__BackingField":"b"}""", options)!;

        first.Items.Add("x");

        Assert.Equal(["x"], first.Items);
        Assert.Empty(second.Items);
        Assert.Equal(3, second.Limit);
    }

    [Fact]
    public void WhatThisBuildWrites_ReadsBackTheSame()
    {
        var attempt = new OperationAttempt("REJECTED", "NAME_MISMATCH", ActionPending: false, ManualReview: true);

        Assert.Equal(attempt, StateJson.Read<OperationAttempt>(StateJson.Write(attempt)));
    }
}

#pragma warning disable CA1812 // made by the converter
internal sealed class Tray(string name)
{
    public string Name { get; } = name;

    public List<string> Items { get; } = [];

    public int Limit { get; init; } = 3;
}
