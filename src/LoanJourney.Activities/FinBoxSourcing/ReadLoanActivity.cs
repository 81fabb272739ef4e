using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Reads what the partner shows after the app journey: loan details, offers, the signed agreement URL and repayments.
/// Details are required; the other reads are optional (FinBox refuses them before the matching stage) and are listed in
/// <c>unavailable</c> when refused. Sets <c>signedAgreementUrl</c> and <c>offer</c> (the offer FinBox marks <c>offer_accepted</c>,
/// with its interest type and frequency; none accepted → <c>acceptedOffer</c> listed as unavailable).
/// </summary>
[Activity("FinBoxSdk.ReadLoan", Description = "Sourcing v1: read loan details, offers, signed agreement URL and repayments.",
    Outcomes = ["Done"], Outputs = ["status", "loanApplicationNum", "offers", "repayments", "unavailable"])]
[ActivityInput("loanApplicationID", ActivityValueType.String, Required = true, Description = "From the webhooks.")]
[ActivityInput("include", ActivityValueType.Array, Description = "Optional reads: offers, agreement, repayments (default all).")]
public sealed class ReadLoanActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    /// <summary>Loan Offers <c>status</c> of the offer the borrower accepted (the document's sample).</summary>
    private const string AcceptedOffer = "offer_accepted";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.GetRequiredString("loanApplicationID");
        var include = context.GetInput<List<string>>("include") ?? ["offers", "agreement", "repayments"];
        var details = await LenderCalls.CallAsync(context, ct => sourcing.GetLoanDetailsAsync(id, ct));
        if (!details.IsSuccess)
        {
            return LenderResultMapping.Map(context, details, options.PollInterval, _ => throw new InvalidOperationException("unreachable"));
        }

        var output = new JsonObject
        {
            ["status"] = details.Body?.Data?.Status,
            ["loanApplicationNum"] = details.Body?.Data?.LoanApplicationNum,
            ["appliedLoanAmount"] = details.Body?.Data?.AppliedLoanAmount,
        };
        var unavailable = new JsonArray();
        if (include.Contains("offers"))
        {
            var offers = await LenderCalls.CallAsync(context, ct => sourcing.GetLoanOffersAsync(id, ct));
            if (Usable(offers, unavailable, "offers") is { } list)
            {
                output["offers"] = JsonSerializer.SerializeToNode(list, Json);
                // The partner is told the terms the borrower took: the offer FinBox marks accepted, never simply the first.
                if (list.FirstOrDefault(o => string.Equals(o.Status, AcceptedOffer, StringComparison.OrdinalIgnoreCase)) is { } offer)
                {
                    context.SetVariable(JourneyVariables.Offer, new JsonObject
                    {
                        ["amount"] = offer.Amount,
                        ["tenure"] = offer.TenureMonths,
                        ["interest"] = offer.AnnualInterest,
                        ["interestType"] = InterestTerms.InterestType(offer.EmiCalculationMethod),
                        ["interestFrequency"] = InterestTerms.InterestFrequency(offer.AnnualInterest),
                    });
                }
                else
                {
                    unavailable.Add(new JsonObject { ["read"] = "acceptedOffer", ["lenderCode"] = null });
                }
            }
        }

        if (include.Contains("agreement"))
        {
            var agreement = await LenderCalls.CallAsync(context, ct => sourcing.GetSignedAgreementAsync(id, ct));
            if (Usable(agreement, unavailable, "agreement")?.SignedAgreementURL is { Length: > 0 } url)
            {
                context.SetVariable(JourneyVariables.SignedAgreementUrl, url);
            }
        }

        if (include.Contains("repayments"))
        {
            var repayments = await LenderCalls.CallAsync(context, ct => sourcing.GetRepaymentsAsync(id, ct));
            if (Usable(repayments, unavailable, "repayments") is { } data)
            {
                output["repayments"] = data.EmiList?.Count ?? 0;
            }
        }

        output["unavailable"] = unavailable;
        return ActivityResult.Complete("Done", output);
    }

    private static T? Usable<T>(LenderResult<SourcingResponse<T>> result, JsonArray unavailable, string name)
    {
        if (result.IsSuccess)
        {
            return result.Body is null ? default : result.Body.Data;
        }

        unavailable.Add(new JsonObject { ["read"] = name, ["lenderCode"] = result.LenderCode });
        return default;
    }
}
