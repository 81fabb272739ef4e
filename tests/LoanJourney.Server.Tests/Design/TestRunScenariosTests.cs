using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Sandbox;
using LoanJourney.Server.Workflows.Design.TestRuns;

namespace LoanJourney.Server.Tests.Design;

/// <summary>Test runs choose and describe their scenarios from the sandbox's own table, every row of it.</summary>
public sealed class TestRunScenariosTests
{
    [Fact]
    public void Rows_AreEveryRowOfTheSandboxsTable_WithItsDescription_AndTheActivitiesItAffects()
    {
        Assert.Equal(SandboxScenarios.Rows.Select(r => r.Key), TestRunScenarios.Rows.Select(r => r.Key));
        Assert.All(TestRunScenarios.Rows, r =>
        {
            Assert.Equal(SandboxScenarios.For(r.Key).Description, r.Description);
            Assert.True(r.ActivityGroups.Count > 0, $"Scenario {r.Key} affects no activity, so no default test run would run it.");
        });
    }

    [Fact]
    public void ApplyingTo_ThePayLaterDefinition_IsTheHappyPathAndEveryCapitalFloatRow()
    {
        Assert.Equal(["9999", "0020", "0021", "0022", "0023", "0024"], TestRunScenarios.ApplyingTo(Activities("capitalfloat-paylater")));
    }

    [Fact]
    public void ApplyingTo_ThePersonalLoanDefinition_IsTheHappyPathAndEveryPrismRow_KycManualReviewIncluded()
    {
        Assert.Equal(["9999", "0000", "0001", "0002", "0003", "0004", "0005", "0007", "0008", "0013", "0014", "0015"],
            TestRunScenarios.ApplyingTo(Activities("finbox-personal-loan")));
    }

    [Fact]
    public void ApplyingTo_TheSdkApplicationJourney_IsTheHappyPathAndTheV1ApplicationRows_AsBefore()
    {
        Assert.Equal(["9999", "0000", "0006", "0009", "0030", "0031"], TestRunScenarios.ApplyingTo(Activities("finbox-sdk-journey")));
    }

    [Fact]
    public void ApplyingTo_TheRepaymentDefinition_IsTheHappyPathAndRepayDisabled_NoApplicationRow()
    {
        // Before: 9999, 0000, 0006, 0009, 0030, 0031, 0032 (every FinBoxSdk.* row), though a repayment starts after disbursal.
        Assert.Equal(["9999", "0032"], TestRunScenarios.ApplyingTo(Activities("finbox-repayment")));
    }

    [Fact]
    public void ApplyingTo_TheCreditLineOrderDefinition_IsTheActiveAndTheInactiveLine_0030BeingItsHappyPath()
    {
        Assert.Equal(["0030", "0031"], TestRunScenarios.ApplyingTo(Activities("finbox-credit-line-order")));
    }

    [Theory]
    [InlineData("0014")]
    [InlineData("0023")]
    [InlineData("0024")]
    [InlineData("0032")]
    public void Describe_ARowOfTheTable_IsThatRowsDescription_NotTheHappyPath(string key)
    {
        var sandbox = new SandboxOptions();
        Assert.Equal(SandboxScenarios.Rows.Single(r => r.Key == key).Description, TestRunScenarios.Describe(key, sandbox));
        Assert.NotEqual(TestRunScenarios.Describe(TestRunScenarios.HappyPath, sandbox), TestRunScenarios.Describe(key, sandbox));
    }

    // Walk 52/53: 0002, 0014 and 0015 were described as "for KycActionPendingPolls polls", the sandbox option's name, which an
    // author reading a test run's table has never seen; they now say the number the sandbox runs with, and where it is set.
    [Theory]
    [InlineData("0002", 5, "KYC ACTION_PENDING (SUBMIT_CKYC_OTP) for 5 status polls (Sandbox:KycActionPendingPolls), then APPROVED")]
    [InlineData("0014", 1, "KYC in manual review (manualReviewRequired, MANUAL_REVIEW_REQUIRED) for 1 status poll (Sandbox:KycActionPendingPolls), then APPROVED")]
    [InlineData("0015", 3, "KYC in manual review for 3 status polls (Sandbox:KycActionPendingPolls), then REJECTED (MANUAL_KYC_REJECT)")]
    public void Describe_AKycHold_SaysHowManyPollsTheSandboxHoldsIt(string key, int polls, string expected)
    {
        Assert.Equal(expected, TestRunScenarios.Describe(key, new SandboxOptions { KycActionPendingPolls = polls }));
        Assert.All(SandboxScenarios.Rows, r => Assert.DoesNotContain("KycActionPendingPolls}", r.Description, StringComparison.Ordinal));
    }

    // The activities of a shipped definition's steps (the file has comments).
    private static IEnumerable<string> Activities(string workflowId)
    {
        var file = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", workflowId + ".json"));
        var definition = JsonNode.Parse(file, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        return definition["steps"]!.AsArray().Select(s => s!["activity"]!.GetValue<string>());
    }
}
