namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The sandbox's scenario table (README.md, docs/sandbox.md, <c>LoanJourney.Sandbox.Scenarios.ScenarioTable</c>) as test runs see
/// it: each row with the activities (by name prefix) whose lender it affects, so that a test run without a scenario list runs
/// exactly the rows that apply to the draft's lenders, plus the happy path (<see cref="HappyPath"/>, digits in no row).
/// </summary>
internal static class TestRunScenarios
{
    /// <summary>The key test runs use for the happy path: four digits that are in no row.</summary>
    public const string HappyPath = "9999";

    private const string Prism = "FinBox.";
    private const string Sdk = "FinBoxSdk.";
    private const string CapitalFloat = "CapitalFloat.";
    private const string Handshake = "Partner.Handshake";

    public static readonly IReadOnlyList<TestRunScenario> Rows =
    [
        new("0000", "BRE rejected (PRE_BRE_REJECT); v1 not eligible", [Prism, Sdk]),
        new("0001", "BRE FAILED on the first trigger, SUCCESS on re-trigger", [Prism]),
        new("0002", "KYC ACTION_PENDING (SUBMIT_CKYC_OTP) for a few polls, then APPROVED", [Prism]),
        new("0003", "banking FAILED (PDF_IS_IMAGE) on the first statement, SUCCESS on re-upload", [Prism]),
        new("0004", "KYC REJECTED (NAME_MISMATCH)", [Prism]),
        new("0005", "agreement REJECTED", [Prism]),
        new("0006", "v1 application rejected after creation (loan_rejected webhook)", [Sdk]),
        new("0007", "KYC FAILED (CKYC_FAILED) on the first trigger, APPROVED on re-trigger", [Prism]),
        new("0008", "agreement FAILED on the first trigger, SUCCESS on re-trigger", [Prism]),
        new("0009", "v1 eligibility data missing (409)", [Sdk]),
        new("0010", "partner handshake answers async (status \"2\"), result POSTed to the callback", [Handshake]),
        new("0011", "partner handshake error (status \"-2\")", [Handshake]),
        new("0012", "partner handshake async, error result POSTed to the callback", [Handshake]),
        new("0013", "BRE rejected by the lender (LENDER_BRE_REJECT)", [Prism]),
        new("0020", "Capital Float block refused: tranche creation suspended (-900)", [CapitalFloat]),
        new("0021", "Capital Float credit limit 10000: a larger block is refused (-3)", [CapitalFloat]),
        new("0022", "Capital Float app not found (-400 on block)", [CapitalFloat]),
        new("0030", "v1 credit-line customer: ACTIVE credit line, limit 100000", [Sdk]),
        new("0031", "v1 credit-line customer: INACTIVE credit line, limit 50000", [Sdk]),
    ];

    /// <summary>What the sandbox does with these last four digits.</summary>
    public static string Describe(string key) =>
        Rows.FirstOrDefault(r => r.Key == key)?.Description ?? "happy path: every step succeeds";

    /// <summary>The happy path, then every row that affects one of the activities.</summary>
    public static IReadOnlyList<string> ApplyingTo(IEnumerable<string> activities)
    {
        var names = activities.ToArray();
        return [HappyPath, .. Rows.Where(r => r.ActivityPrefixes.Any(p => names.Any(a => a.StartsWith(p, StringComparison.Ordinal)))).Select(r => r.Key)];
    }
}
