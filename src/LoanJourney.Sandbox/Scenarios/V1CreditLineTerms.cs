namespace LoanJourney.Sandbox.Scenarios;

/// <summary>
/// A FinBox v1 credit line a scenario gives its borrower. The pricing defaults reproduce the seed's transaction sample:
/// 1200 with a 2% subvention (24) plus 18% GST on it disburses 1171.68.
/// </summary>
internal sealed record V1CreditLineTerms(decimal MaxLimit, string InactiveReason = "")
{
    /// <summary>Annual interest percentage of each transaction.</summary>
    public decimal Interest { get; init; }

    public string EmiCalculationMethod { get; init; } = "reducing_balance";

    public decimal SubventionPercent { get; init; } = 2m;

    public decimal ProcessingFee { get; init; }

    /// <summary>GST percentage, applied to the subvention and processing fee.</summary>
    public decimal Gst { get; init; } = 18m;

    /// <summary>The credit line's <c>validity</c> is the user's creation date plus this.</summary>
    public int ValidityDays { get; init; } = 365;

    /// <summary>A confirmed transaction's single EMI falls due this many days after confirmation.</summary>
    public int EmiDueDays { get; init; } = 30;
}
