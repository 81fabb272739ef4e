using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Chooses an amount and tenure within the BRE offer's slabs (<see cref="OfferSelectionPolicy"/>) and accepts it.
/// Sets the <c>offer</c> variable (offerID, amount, tenure, interest, interestType and interestFrequency from the slab) for the partner.
/// </summary>
[Activity("FinBox.AcceptOffer", Description = "Prism: choose within the offer slabs (requested amount/tenure clamped, or the best slab) and accept.",
    Outcomes = ["Done", "Rejected"], Outputs = ["offerID", "amount", "tenure", "interest", "interestType", "interestFrequency", "clamped", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("offer", ActivityValueType.Object, Required = true, Description = "The BRE offer (offerID, slabs).")]
[ActivityInput("requestedAmount", ActivityValueType.Number, Description = "Amount the borrower asked for; clamped into a slab.")]
[ActivityInput("requestedTenure", ActivityValueType.Integer, Description = "Tenure (months) the borrower asked for; the nearest slab tenure is used.")]
public sealed class AcceptOfferActivity(IFinBoxPrismClient prism, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var offer = context.GetInput<Offer>("offer")
            ?? throw new ActivityInputException("offer", "Input 'offer' is required.");
        var slabs = (offer.Slabs ?? [])
            .Where(s => s is { MinAmount: not null, MaxAmount: not null, Tenure: not null })
            .Select(s => new OfferSlab(s.MinAmount!.Value, s.MaxAmount!.Value, s.Tenure!.Value, s.Interest ?? 0m, s.Method));
        var selection = OfferSelectionPolicy.Select(slabs, context.GetInput<decimal?>("requestedAmount"), context.GetInput<int?>("requestedTenure"));
        if (selection is null || string.IsNullOrEmpty(offer.OfferID))
        {
            return ActivityResult.Fail("NoUsableOffer", "The offer has no usable slab or no offerID.", retryable: false);
        }

        var request = new AcceptOfferRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            OfferDetails = new OfferDetails { OfferID = offer.OfferID, Amount = selection.Amount, Tenure = selection.Tenure, Interest = selection.Interest },
        };
        var result = await LenderCalls.CallAsync(context, ct => prism.AcceptOfferAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval, _ =>
        {
            var accepted = new JsonObject
            {
                ["offerID"] = offer.OfferID,
                ["amount"] = selection.Amount,
                ["tenure"] = selection.Tenure,
                ["interest"] = selection.Interest,
                ["interestType"] = InterestTerms.InterestType(selection.Slab.Method),
                ["interestFrequency"] = InterestTerms.InterestFrequency(selection.Interest),
                ["clamped"] = selection.Clamped,
            };
            context.SetVariable(JourneyVariables.Offer, accepted);
            return ActivityResult.Complete("Done", accepted);
        });
    }
}
