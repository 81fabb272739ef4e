using LoanJourney.Sandbox;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The sandbox's scenario table (<see cref="SandboxScenarios"/>: README.md, docs/sandbox.md) as test runs see it: each row with
/// the activities (by name prefix) whose lender calls it changes, so that a test run without a scenario list runs exactly the
/// rows that apply to the draft's steps, plus the happy path (<see cref="HappyPath"/>, digits in no row). The rows and their
/// descriptions are the sandbox's own; only which activities each affects is kept here, for every row (TestRunScenariosTests).
/// </summary>
internal static class TestRunScenarios
{
    /// <summary>The key test runs use for the happy path: four digits that are in no row.</summary>
    public const string HappyPath = "9999";

    private const string Prism = "FinBox.";
    private const string Sdk = "FinBoxSdk.";
    private const string CapitalFloat = "CapitalFloat.";
    private const string Handshake = "Partner.Handshake";
    private const string Repay = "FinBoxSdk.Repay";

    private static readonly Dictionary<string, string[]> Affects = new(StringComparer.Ordinal)
    {
        ["0000"] = [Prism, Sdk],
        ["0001"] = [Prism],
        ["0002"] = [Prism],
        ["0003"] = [Prism],
        ["0004"] = [Prism],
        ["0005"] = [Prism],
        ["0006"] = [Sdk],
        ["0007"] = [Prism],
        ["0008"] = [Prism],
        ["0009"] = [Sdk],
        ["0010"] = [Handshake],
        ["0011"] = [Handshake],
        ["0012"] = [Handshake],
        ["0013"] = [Prism],
        ["0014"] = [Prism],
        ["0015"] = [Prism],
        ["0020"] = [CapitalFloat],
        ["0021"] = [CapitalFloat],
        ["0022"] = [CapitalFloat],
        ["0023"] = [CapitalFloat],
        ["0024"] = [CapitalFloat],
        ["0030"] = [Sdk],
        ["0031"] = [Sdk],
        ["0032"] = [Repay],
    };

    /// <summary>Every row of the sandbox's table, with the activity prefixes it affects (none when this table has not caught up).</summary>
    public static IReadOnlyList<TestRunScenario> Rows { get; } =
        [.. SandboxScenarios.Rows.Select(r => new TestRunScenario(r.Key, r.Description, Affects.GetValueOrDefault(r.Key) ?? []))];

    /// <summary>What the sandbox does with these last four digits.</summary>
    public static string Describe(string key) => SandboxScenarios.For(key).Description;

    /// <summary>The happy path, then every row that affects one of the activities.</summary>
    public static IReadOnlyList<string> ApplyingTo(IEnumerable<string> activities)
    {
        var names = activities.ToArray();
        return [HappyPath, .. Rows.Where(r => r.ActivityPrefixes.Any(p => names.Any(a => a.StartsWith(p, StringComparison.Ordinal)))).Select(r => r.Key)];
    }
}
