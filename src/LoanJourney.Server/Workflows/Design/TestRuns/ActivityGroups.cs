namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The groups of activities a sandbox scenario row can affect (<see cref="TestRunScenarios"/>) and by which a test run prepares
/// the sandbox (<see cref="TestRunPreparation"/>). FinBox Sourcing v1 (<c>FinBoxSdk.*</c>) has three phases: the application
/// (create user … follow the SDK journey), the repayments of a disbursed loan and the orders on a credit line; the rows of the
/// application phase mean nothing for a journey that starts after it (docs/api.md, "Test-run a draft").
/// </summary>
internal static class ActivityGroups
{
    public const string Prism = "FinBox.*";
    public const string SdkApplication = "FinBoxSdk.* (application)";
    public const string SdkRepayment = "FinBoxSdk.* (repayment)";
    public const string SdkRepay = "FinBoxSdk.Repay";
    public const string SdkCreditLine = "FinBoxSdk.* (credit line)";
    public const string CapitalFloat = "CapitalFloat.*";
    public const string Handshake = "Partner.Handshake";

    /// <summary>The v1 activities that follow a disbursed loan's repayments.</summary>
    public static IReadOnlySet<string> Repayment { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "FinBoxSdk.ReadRepayments", "FinBoxSdk.Repay", "FinBoxSdk.AwaitRepayment",
    };

    /// <summary>The v1 activities that follow an order on a credit line.</summary>
    public static IReadOnlySet<string> CreditLine { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "FinBoxSdk.AwaitPurchase", "FinBoxSdk.AwaitShipment", "FinBoxSdk.ConfirmTransaction", "FinBoxSdk.SplitTransaction", "FinBoxSdk.CancelTransaction",
    };

    /// <summary>The groups an activity belongs to (none for a core activity).</summary>
    public static IEnumerable<string> Of(string activity)
    {
        if (activity.StartsWith("FinBox.", StringComparison.Ordinal))
        {
            yield return Prism;
        }
        else if (Repayment.Contains(activity))
        {
            yield return SdkRepayment;
            if (activity == SdkRepay)
            {
                yield return SdkRepay;
            }
        }
        else if (CreditLine.Contains(activity))
        {
            yield return SdkCreditLine;
        }
        else if (activity.StartsWith("FinBoxSdk.", StringComparison.Ordinal))
        {
            yield return SdkApplication;
        }
        else if (activity.StartsWith("CapitalFloat.", StringComparison.Ordinal))
        {
            yield return CapitalFloat;
        }
        else if (activity.StartsWith(Handshake, StringComparison.Ordinal))
        {
            yield return Handshake;
        }
    }
}
