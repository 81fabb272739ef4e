using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>Pushes the partner's data about the borrower (PAN, name, dob, email, gender, GSTIN, vintage) before the token.</summary>
[Activity("FinBoxSdk.PushPartnerData", Description = "Sourcing v1: push partner data (once, before the first token).", Outcomes = ["Done", "Rejected"],
    Outputs = ["reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("data", ActivityValueType.Object, Required = true, Description = "pan, name, dob, email, gender, gstin, vintageDate as documented.")]
public sealed class PushPartnerDataActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = (context.GetInput<PartnerPushRequest>("data") ?? new PartnerPushRequest()) with { CustomerID = context.GetRequiredString("customerId") };
        var result = await LenderCalls.CallAsync(context, ct => sourcing.PushPartnerDataAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval, _ => ActivityResult.Complete("Done", new JsonObject()));
    }
}
