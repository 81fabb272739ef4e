using System.Text.Json.Nodes;
using LoanJourney.Sandbox;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The sandbox's scenario table (<see cref="SandboxScenarios"/>: README.md, docs/sandbox.md) as test runs see it: each row with
/// the groups of activities (<see cref="ActivityGroups"/>) whose lender calls it changes, so that a test run without a scenario
/// list runs exactly the rows that apply to the draft's steps, plus the happy path (<see cref="HappyPath"/>, digits in no row)
/// unless the draft follows a credit line order (<see cref="ActivityGroups.SdkCreditLine"/>, whose happy path is the ACTIVE line
/// of <c>0030</c>). The rows and their descriptions are the sandbox's own; only which groups each affects is kept here, for
/// every row (TestRunScenariosTests).
/// </summary>
internal static class TestRunScenarios
{
    /// <summary>The key test runs use for the happy path: four digits that are in no row.</summary>
    public const string HappyPath = "9999";

    private static readonly Dictionary<string, string[]> Affects = new(StringComparer.Ordinal)
    {
        ["0000"] = [ActivityGroups.Prism, ActivityGroups.SdkApplication],
        ["0001"] = [ActivityGroups.Prism],
        ["0002"] = [ActivityGroups.Prism],
        ["0003"] = [ActivityGroups.Prism],
        ["0004"] = [ActivityGroups.Prism],
        ["0005"] = [ActivityGroups.Prism],
        ["0006"] = [ActivityGroups.SdkApplication],
        ["0007"] = [ActivityGroups.Prism],
        ["0008"] = [ActivityGroups.Prism],
        ["0009"] = [ActivityGroups.SdkApplication],
        ["0010"] = [ActivityGroups.Handshake],
        ["0011"] = [ActivityGroups.Handshake],
        ["0012"] = [ActivityGroups.Handshake],
        ["0013"] = [ActivityGroups.Prism],
        ["0014"] = [ActivityGroups.Prism],
        ["0015"] = [ActivityGroups.Prism],
        ["0020"] = [ActivityGroups.CapitalFloat],
        ["0021"] = [ActivityGroups.CapitalFloat],
        ["0022"] = [ActivityGroups.CapitalFloat],
        ["0023"] = [ActivityGroups.CapitalFloat],
        ["0024"] = [ActivityGroups.CapitalFloat],
        ["0030"] = [ActivityGroups.SdkApplication, ActivityGroups.SdkCreditLine],
        ["0031"] = [ActivityGroups.SdkApplication, ActivityGroups.SdkCreditLine],
        ["0032"] = [ActivityGroups.SdkRepay],
    };

    /// <summary>Every row of the sandbox's table, with the activity groups it affects (none when this table has not caught up).</summary>
    public static IReadOnlyList<TestRunScenario> Rows { get; } =
        [.. SandboxScenarios.Rows.Select(r => new TestRunScenario(r.Key, r.Description, Affects.GetValueOrDefault(r.Key) ?? []))];

    /// <summary>What the sandbox does with these last four digits, with the numbers of the settings it runs with.</summary>
    public static string Describe(string key, SandboxOptions sandbox) => SandboxScenarios.For(key, sandbox).Description;

    /// <summary>The happy path (unless the draft follows a credit line order), then every row that affects one of the activities.</summary>
    public static IReadOnlyList<string> ApplyingTo(IEnumerable<string> activities)
    {
        var groups = activities.SelectMany(ActivityGroups.Of).ToHashSet(StringComparer.Ordinal);
        var rows = Rows.Where(r => r.ActivityGroups.Any(groups.Contains)).Select(r => r.Key);
        return groups.Contains(ActivityGroups.SdkCreditLine) ? [.. rows] : [HappyPath, .. rows];
    }

    /// <summary>The activities of a definition's steps.</summary>
    public static IReadOnlyList<string> ActivitiesOf(JsonNode? definition) =>
        definition?["steps"] is JsonArray steps
            ? [.. steps.Select(s => s?["activity"] is JsonValue v && v.TryGetValue<string>(out var a) ? a : "")]
            : [];
}
